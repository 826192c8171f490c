"""Team reporting (003 AE handbook: 时间日报表; 001 §7.3): the account executives' daily and weekly reports,
drafted from their records of the period, their reminders and the managers' team view."""
