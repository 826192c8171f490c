"""Visit plans and visit minutes (拜访计划 / 拜访纪要, DESIGN §5).

* **Planning** — a client's tier sets its visit cadence: the next visit is due ``cadence`` days after
  the last one held (a client never visited is due now). ``plan_due_visits`` runs daily and plans the
  next visit of every client whose visit falls due within the planning horizon, unless the client
  already has an open (unsubmitted) visit. Each planned visit gets a ToDo and a calendar Event for its
  account manager. Managers also plan by hand and reschedule; ``sync_visit_plan`` keeps the ToDo and
  Event in step with the visit.
* **Minutes** — submitting a visit submits its minutes. They are due ``minutes_due_hours`` after the
  visit ends (会议报告 24 小时内发出): the deadline instant itself is already late. ``flag_late_minutes``
  runs hourly, flags late minutes, reminds the account manager once and, ``escalation_hours`` later,
  tells the account director once. Submitting emails the minutes (print format) to the attendees,
  turns each action item into a ToDo and updates the client's last and next visit dates.
"""
