"""Drafting AE reports from the records of the period, set-based for many executives at once.

A draft lists what the executive's records say they did: time logged on timesheets, visits held (as
account manager or attendee), visit minutes submitted, tasks (ToDos) closed, complaints of their clients
received or resolved. The executive then writes the summary and the plan for the next period."""

import datetime

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count
from frappe.utils import add_days, flt, getdate

from agency_service.bulk import bulk_insert_rows, reserve_series_names

REPORT, ITEM = "Account Executive Report", "Account Executive Report Item"
REPORT_SERIES = "AER-.YYYY.-.#####"
DAILY, WEEKLY = "Daily", "Weekly"


def report_period(report_type: str, day) -> tuple[datetime.date, datetime.date]:
	"""Pure: the period of a daily report (the day) or a weekly one (Monday to Sunday of the day's week)."""
	day = getdate(day)
	if report_type == WEEKLY:
		monday = day - datetime.timedelta(days=day.weekday())
		return monday, monday + datetime.timedelta(days=6)
	return day, day


def collect_activities(users: list[str], start, end) -> dict[str, list[dict]]:
	"""Every user's activity items of [start, end], one query per source."""
	users = users or [""]
	since, until = getdate(start), add_days(getdate(end), 1)
	items: dict[str, list[dict]] = {}

	def add(user, source, reference, customer, description, hours=0.0):
		items.setdefault(user, []).append(
			{
				"source": source,
				"reference_name": reference,
				"customer": customer,
				"description": (description or "")[:500],
				"hours": flt(hours, 1),
			}
		)

	ts, log = DocType("Timesheet"), DocType("Timesheet Detail")
	for row in (
		frappe.qb.from_(log)
		.join(ts)
		.on(log.parent == ts.name)
		.select(ts.user, ts.name, ts.customer, log.activity_type, log.description, log.hours)
		.where(ts.user.isin(users) & (ts.docstatus < 2) & (log.from_time >= since) & (log.from_time < until))
		.orderby(log.from_time)
		.run(as_dict=True)
	):
		add(row.user, "Timesheet", row.name, row.customer, row.description or row.activity_type, row.hours)

	visit, staff = DocType("Client Visit"), DocType("Client Visit Staff")
	attended = (
		frappe.qb.from_(staff)
		.select(staff.parent)
		.where((staff.parenttype == "Client Visit") & staff.user.isin(users))
	)
	visits = (
		frappe.qb.from_(visit)
		.left_join(staff)
		.on((staff.parent == visit.name) & (staff.parenttype == "Client Visit") & staff.user.isin(users))
		.select(
			visit.name,
			visit.customer,
			visit.account_manager,
			staff.user,
			visit.purpose,
			visit.visit_start,
			visit.minutes_submitted_at,
		)
		.where(
			(visit.docstatus < 2)
			& (visit.account_manager.isin(users) | visit.name.isin(attended))
			& (
				((visit.visit_start >= since) & (visit.visit_start < until))
				| ((visit.minutes_submitted_at >= since) & (visit.minutes_submitted_at < until))
			)
		)
		.run(as_dict=True)
	)
	seen = set()
	for row in visits:
		for user in {row.user, row.account_manager} & set(users):
			if (user, row.name) in seen:
				continue
			seen.add((user, row.name))
			if row.visit_start and since <= getdate(row.visit_start) < until:
				add(user, "Client Visit", row.name, row.customer, _("Visit: {0}").format(row.purpose or ""))
			if row.minutes_submitted_at and since <= getdate(row.minutes_submitted_at) < until:
				add(user, "Visit Minutes", row.name, row.customer, _("Minutes submitted"))

	todo = DocType("ToDo")
	for row in (
		frappe.qb.from_(todo)
		.select(todo.allocated_to, todo.name, todo.description, todo.reference_type, todo.reference_name)
		.where(
			todo.allocated_to.isin(users)
			& (todo.status == "Closed")
			& (todo.modified >= since)
			& (todo.modified < until)
		)
		.run(as_dict=True)
	):
		text = frappe.utils.strip_html(row.description or "")
		add(row.allocated_to, "Task", row.name, None, text)

	served = dict(
		frappe.get_all(
			"Customer",
			filters={"account_executive": ("in", users)},
			fields=["name", "account_executive"],
			as_list=True,
		)
	)
	complaint = DocType("Client Complaint")
	received = (complaint.received_at >= since) & (complaint.received_at < until)
	resolved = (complaint.resolved_at >= since) & (complaint.resolved_at < until)
	theirs = complaint.customer.isin(list(served) or [""]) | complaint.investigator.isin(users)
	for row in (
		frappe.qb.from_(complaint)
		.select(complaint.investigator, complaint.name, complaint.customer, complaint.subject)
		.where(theirs & (received | resolved))
		.run(as_dict=True)
	):
		for user in {served.get(row.customer), row.investigator} & set(users):
			add(user, "Client Complaint", row.name, row.customer, row.subject)
	return items


def reviewing_managers(users: list[str]) -> dict[str, str]:
	"""Who reviews each user's reports: the user's manager in HR (Employee ``reports_to``), else the
	account manager of most of the clients the user serves as account executive."""
	managers = {}
	employee, boss = DocType("Employee"), DocType("Employee").as_("boss")
	for user, manager in (
		frappe.qb.from_(employee)
		.join(boss)
		.on(boss.name == employee.reports_to)
		.select(employee.user_id, boss.user_id)
		.where(employee.user_id.isin(users or [""]) & boss.user_id.isnotnull())
		.run()
	):
		managers[user] = manager
	by_clients = {}
	customer = DocType("Customer")
	for user, manager, _count in (
		frappe.qb.from_(customer)
		.select(customer.account_executive, customer.account_manager, Count("*"))
		.where(customer.account_executive.isin(users or [""]) & customer.account_manager.isnotnull())
		.groupby(customer.account_executive, customer.account_manager)
		.orderby(Count("*"))
		.run()
	):
		by_clients[user] = manager  # ordered by the number of clients: the last one serves the most
	return {user: managers.get(user) or by_clients.get(user) for user in users}


def existing_reports(users: list[str], report_type: str, start) -> set[str]:
	report = DocType(REPORT)
	return {
		user
		for (user,) in frappe.qb.from_(report)
		.select(report.executive)
		.where(
			report.executive.isin(users or [""])
			& (report.report_type == report_type)
			& (report.period_start == start)
		)
		.run()
	}


def draft_reports(users: list[str], report_type: str, day) -> list[str]:
	"""Draft the ``report_type`` report of the period around ``day`` for each of ``users`` that has none
	yet, in a few multi-row inserts. Returns the names of the new drafts."""
	start, end = report_period(report_type, day)
	users = [u for u in dict.fromkeys(users) if u not in existing_reports(users, report_type, start)]
	if not users:
		return []
	activities = collect_activities(users, start, end)
	managers = reviewing_managers(users)
	full_names = dict(
		frappe.get_all("User", filters={"name": ("in", users)}, fields=["name", "full_name"], as_list=True)
	)
	names = reserve_series_names(REPORT_SERIES, len(users))
	reports, rows = [], []
	for name, user in zip(names, users, strict=True):
		items = activities.get(user, [])
		reports.append(
			{
				"name": name,
				"report_type": report_type,
				"executive": user,
				"executive_name": full_names.get(user),
				"manager": managers.get(user),
				"period_start": start,
				"period_end": end,
				"status": "Draft",
				"hours": flt(sum(i["hours"] for i in items), 1),
			}
		)
		rows += [
			{
				"name": f"{name}-{idx}",
				"parent": name,
				"parenttype": REPORT,
				"parentfield": "activities",
				"idx": idx,
				**item,
			}
			for idx, item in enumerate(items, start=1)
		]
	bulk_insert_rows(REPORT, reports)
	bulk_insert_rows(ITEM, rows)
	return names


def activity_rows(user: str, start, end) -> list[dict]:
	return collect_activities([user], start, end).get(user, [])
