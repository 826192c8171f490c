# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""Action items from visit minutes that are still open after their due date."""

from frappe import _lt
from frappe.utils import getdate, nowdate

from agency_service.agency_service.report.utils import as_columns, report
from agency_service.visits.action_items import open_action_items

COLUMNS = {
	"visit:Link/Client Visit:150": _lt("Client Visit"),
	"customer:Link/Customer:180": _lt("Client"),
	"customer_name:Data:180": _lt("Client Name"),
	"action:Data:260": _lt("What"),
	"assigned_to:Link/User:180": _lt("Action Owner"),
	"due_date:Date:100": _lt("Due Date"),
	"days_overdue:Int:110": _lt("Days Overdue"),
	"account_manager:Link/User:180": _lt("Account Manager"),
	"todo:Link/ToDo:110": _lt("To Do"),
}


@report
def execute(filters):
	return as_columns(COLUMNS), get_data(filters)


def get_data(filters):
	today = getdate(filters.get("today") or nowdate())
	query, visit, item = open_action_items()
	query = (
		query.select(
			visit.name.as_("visit"),
			visit.customer,
			visit.customer_name,
			item.action,
			item.assigned_to,
			item.due_date,
			visit.account_manager,
			item.todo,
		)
		.where(item.due_date < today)
		.orderby(item.due_date)
	)
	for fieldname in ("customer", "account_manager", "client_tier"):
		if filters.get(fieldname):
			query = query.where(visit[fieldname] == filters.get(fieldname))
	if filters.get("assigned_to"):
		query = query.where(item.assigned_to == filters.get("assigned_to"))
	rows = query.run(as_dict=True)
	for row in rows:
		row.days_overdue = (today - getdate(row.due_date)).days
	return rows
