"""The daily reminder (``daily``): an account executive whose daily report of the last working day — or, on
Mondays, whose weekly report of last week — is not submitted gets one reminder listing what is missing."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import add_days, getdate, nowdate

from agency_service.job_lock import runs_alone
from agency_service.notify import reminded_today, send_digests
from agency_service.reporting.drafts import DAILY, REPORT, WEEKLY, report_period, reviewing_managers
from agency_service.roles import ACCOUNT_EXECUTIVE, users_with_role


@runs_alone
def remind_missing_reports_job():
	remind_missing_reports()


def last_working_day(today) -> object:
	day = add_days(today, -1)
	while getdate(day).weekday() >= 5:  # Saturday, Sunday
		day = add_days(day, -1)
	return getdate(day)


def submitted(users: list[str], report_type: str, start) -> set[str]:
	report = DocType(REPORT)
	rows = (
		frappe.qb.from_(report)
		.select(report.executive)
		.where(
			report.executive.isin(users or [""])
			& (report.report_type == report_type)
			& (report.period_start == start)
			& (report.status != "Draft")
		)
		.run()
	)
	return {user for (user,) in rows}


def remind_missing_reports(today=None) -> dict[str, list]:
	today = getdate(today or nowdate())
	if today.weekday() >= 5:
		return {}  # reminders go out on working days; Monday's covers Friday
	# once a day: a second run (a second scheduler, a restart) reminds nobody again
	users = sorted(set(users_with_role(ACCOUNT_EXECUTIVE)) - reminded_today(REPORT))
	due = [(DAILY, last_working_day(today))]
	if today.weekday() == 0:
		due.append((WEEKLY, report_period(WEEKLY, add_days(today, -7))[0]))
	digests: dict[str, list] = {}
	missing: dict[str, list] = {}
	for report_type, start in due:
		done = submitted(users, report_type, start)
		for user in users:
			if user not in done:
				text = _("The {0} report for {1} is not submitted.").format(_(report_type), start)
				digests.setdefault(user, []).append((REPORT, "", text))
				missing.setdefault(user, []).append((report_type, start))
	# the reviewing manager hears of the team's missing reports in the same digest run
	names = dict(
		frappe.get_all("User", {"name": ["in", list(missing) or [""]]}, ["name", "full_name"], as_list=True)
	)
	for user, manager in reviewing_managers(list(missing)).items():
		if manager and manager != user:
			for report_type, start in missing[user]:
				text = _("{0}: the {1} report for {2} is not submitted.").format(
					names.get(user) or user, _(report_type), start
				)
				digests.setdefault(manager, []).append((REPORT, "", text))
	send_digests(
		digests,
		lambda count: _("{0} of your reports are missing").format(count),
		_("and {0} more missing reports"),
	)
	return digests
