# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""Team Reports (团队日报周报): for a manager, each account executive's daily and weekly reports of a
period — how many were due, submitted, reviewed and missing, the hours logged — and the latest plan."""

import frappe
from frappe import _, _lt
from frappe.query_builder import DocType
from frappe.query_builder.functions import Max, Sum
from frappe.utils import add_days, add_months, flt, getdate, nowdate

from agency_service.agency_service.report.utils import as_columns, count_when, report
from agency_service.reporting.drafts import DAILY, REPORT, WEEKLY

COLUMNS = {
	"executive:Link/User:180": _lt("Account Executive"),
	"executive_name:Data:140": _lt("Executive Name"),
	"daily_due:Int:140": _lt("Daily Reports Due"),
	"daily_submitted:Int:140": _lt("Daily Reports Submitted"),
	"daily_missing:Int:140": _lt("Daily Reports Missing"),
	"daily_reviewed:Int:140": _lt("Daily Reports Reviewed"),
	"weekly_submitted:Int:140": _lt("Weekly Reports Submitted"),
	"hours:Float:110": _lt("Hours Logged"),
	"latest:Date:120": _lt("Latest Report"),
}


@report
def execute(filters):
	to_date = getdate(filters.get("to_date") or nowdate())
	from_date = getdate(filters.get("from_date") or add_months(to_date, -1))
	if from_date > to_date:
		frappe.throw(_("The period starts after it ends."))
	manager = filters.get("account_manager") or frappe.session.user
	rows = get_data(manager, from_date, to_date)
	return as_columns(COLUMNS), rows


def working_days(from_date, to_date) -> int:
	days = (to_date - from_date).days + 1
	return sum(1 for n in range(days) if add_days(from_date, n).weekday() < 5)


def team_of(manager: str) -> list[str]:
	report, customer = DocType(REPORT), DocType("Customer")
	from_reports = (
		frappe.qb.from_(report).select(report.executive).distinct().where(report.manager == manager).run()
	)
	from_clients = (
		frappe.qb.from_(customer)
		.select(customer.account_executive)
		.distinct()
		.where((customer.account_manager == manager) & customer.account_executive.isnotnull())
		.run()
	)
	return sorted({user for (user,) in (*from_reports, *from_clients) if user})


def get_data(manager, from_date, to_date) -> list[dict]:
	team = team_of(manager)
	if not team:
		return []
	report = DocType(REPORT)
	done = report.status != "Draft"
	figures = {
		row.executive: row
		for row in frappe.qb.from_(report)
		.select(
			report.executive,
			count_when((report.report_type == DAILY) & done).as_("daily_submitted"),
			count_when((report.report_type == DAILY) & (report.status == "Reviewed")).as_("daily_reviewed"),
			count_when((report.report_type == WEEKLY) & done).as_("weekly_submitted"),
			Sum(report.hours).as_("hours"),
			Max(report.period_start).as_("latest"),
		)
		.where(
			report.executive.isin(team)
			& (report.period_start >= from_date)
			& (report.period_start <= to_date)
		)
		.groupby(report.executive)
		.run(as_dict=True)
	}
	due = working_days(from_date, to_date)
	names = dict(
		frappe.get_all("User", filters={"name": ("in", team)}, fields=["name", "full_name"], as_list=True)
	)
	rows = []
	for user in team:
		f = figures.get(user) or frappe._dict()
		submitted = int(f.daily_submitted or 0)
		rows.append(
			{
				"executive": user,
				"executive_name": names.get(user),
				"daily_due": due,
				"daily_submitted": submitted,
				"daily_missing": max(0, due - submitted),
				"daily_reviewed": int(f.daily_reviewed or 0),
				"weekly_submitted": int(f.weekly_submitted or 0),
				"hours": flt(f.hours, 1),
				"latest": f.latest,
			}
		)
	return rows
