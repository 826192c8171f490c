# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""Action items from visit minutes that are still open after their due date."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from agency_service.agency_service.report.utils import as_columns
from agency_service.visits.action_items import open_action_items


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns():
	return as_columns(
		{
			"visit:Link/Client Visit:150": _("Client Visit"),
			"customer:Link/Customer:180": _("Client"),
			"customer_name:Data:180": _("Client Name"),
			"action:Data:260": _("What"),
			"assigned_to:Link/User:180": _("Action Owner"),
			"due_date:Date:100": _("Due Date"),
			"days_overdue:Int:110": _("Days Overdue"),
			"account_manager:Link/User:180": _("Account Manager"),
			"todo:Link/ToDo:110": _("To Do"),
		}
	)


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
