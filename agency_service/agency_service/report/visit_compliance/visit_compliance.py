# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""Visit compliance (拜访执行情况) per client, tier or account manager: visits due in the period, held on
time, held late, overdue (due and not yet held), late minutes and overdue action items."""

import frappe
from frappe import _, _lt
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count, Date
from frappe.utils import add_months, flt, getdate, nowdate

from agency_service.agency_service.report.utils import as_columns, chart, chosen_grouping, count_when, report
from agency_service.clients.profile import with_client
from agency_service.visits.action_items import open_action_items

FIGURES = {
	"due:Int:100": _lt("Visits Due"),
	"on_time:Int:110": _lt("Held on Time"),
	"late:Int:100": _lt("Held Late"),
	"overdue:Int:110": _lt("Overdue Visits"),
	"upcoming:Int:100": _lt("Not Yet Due"),
	"minutes_late:Int:110": _lt("Late Minutes"),
	"overdue_actions:Int:150": _lt("Overdue Action Items"),
	"on_time_rate:Percent:120": _lt("On-Time Rate"),
}

GROUPS = {
	"Client": ("customer", "Customer"),
	"Client Tier": ("client_tier", "Client Tier"),
	"Account Manager": ("account_manager", "User"),
	"Industry": ("industry", "Industry Type"),  # ERPNext's industry of the client
}


@report
def execute(filters):
	group_by = chosen_grouping(filters, "group_by", GROUPS, "Account Manager")
	data = get_data(filters, group_by)
	return get_columns(group_by), data, None, get_chart(data), get_summary(data)


def get_columns(group_by):
	group = {f"group:Link/{GROUPS[group_by][1]}:200": _(group_by)}
	if group_by == "Client":
		group["customer_name:Data:200"] = _("Client Name")
	return as_columns(group | FIGURES)


def get_data(filters, group_by):
	today = getdate(filters.get("today") or nowdate())
	from_date = getdate(filters.get("from_date") or add_months(today, -3))
	to_date = getdate(filters.get("to_date") or today)
	visit = DocType("Client Visit")
	visits, customer = with_client(visit, left=True)
	key = customer.industry if group_by == "Industry" else visit[GROUPS[group_by][0]]
	held = visit.docstatus == 1
	open_ = visit.docstatus == 0

	query = (
		visits.select(
			key.as_("group"),
			Count("*").as_("due"),
			count_when(held & (Date(visit.visit_start) <= visit.due_date)).as_("on_time"),
			count_when(held & (Date(visit.visit_start) > visit.due_date)).as_("late"),
			count_when(open_ & (visit.due_date < today)).as_("overdue"),
			count_when(open_ & (visit.due_date >= today)).as_("upcoming"),
			count_when(visit.minutes_late == 1).as_("minutes_late"),
		)
		.where((visit.docstatus < 2) & (visit.due_date[from_date:to_date]))
		.groupby(key)
		.orderby(key)
	)
	actions, _visit, item = open_action_items()
	actions = (
		actions.left_join(customer)
		.on(customer.name == visit.customer)
		.select(key.as_("group"), Count("*"))
		.where((visit.due_date[from_date:to_date]) & (item.due_date < today))
		.groupby(key)
	)
	for fieldname in ("customer", "client_tier", "account_manager"):
		if filters.get(fieldname):
			query = query.where(visit[fieldname] == filters.get(fieldname))
			actions = actions.where(visit[fieldname] == filters.get(fieldname))
	if filters.get("industry"):
		query = query.where(customer.industry == filters.industry)
		actions = actions.where(customer.industry == filters.industry)
	rows = query.run(as_dict=True)
	overdue_actions = dict(actions.run())
	names = {}
	if group_by == "Client" and rows:
		names = dict(
			frappe.get_all(
				"Customer",
				filters={"name": ("in", [r.group for r in rows])},
				fields=["name", "customer_name"],
				as_list=True,
			)
		)
	for row in rows:
		for field in ("on_time", "late", "overdue", "upcoming", "minutes_late"):
			row[field] = int(row[field] or 0)
		row.overdue_actions = overdue_actions.get(row.group, 0)
		row.on_time_rate = on_time_rate(row.on_time, row.late, row.overdue)
		if group_by == "Client":
			row.customer_name = names.get(row.group)
	return rows


def on_time_rate(on_time: int, late: int, overdue: int) -> float | None:
	"""Share of the visits already due that were held on time, in percent; None when none was due yet."""
	due = on_time + late + overdue
	return flt(100.0 * on_time / due, 1) if due else None


def get_chart(data):
	data = data[:30]
	series = {
		_("Held on Time"): [row.on_time for row in data],
		_("Held Late"): [row.late for row in data],
		_("Overdue Visits"): [row.overdue for row in data],
	}
	labels = [row.get("customer_name") or row.group for row in data]
	return chart(labels, series, barOptions={"stacked": 1})


def get_summary(data):
	on_time = sum(row.on_time for row in data)
	late = sum(row.late for row in data)
	overdue = sum(row.overdue for row in data)
	rate = on_time_rate(on_time, late, overdue)
	return [
		{"label": _("Held on Time"), "value": on_time, "indicator": "Green", "datatype": "Int"},
		{"label": _("Held Late"), "value": late, "indicator": "Orange", "datatype": "Int"},
		{"label": _("Overdue Visits"), "value": overdue, "indicator": "Red", "datatype": "Int"},
		{"label": _("On-Time Rate"), "value": rate or 0, "indicator": "Blue", "datatype": "Percent"},
	]
