# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""Action items from visit minutes that are still open after their due date."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import getdate, nowdate


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns():
	return [
		{
			"label": _("Client Visit"),
			"fieldname": "visit",
			"fieldtype": "Link",
			"options": "Client Visit",
			"width": 150,
		},
		{
			"label": _("Client"),
			"fieldname": "customer",
			"fieldtype": "Link",
			"options": "Customer",
			"width": 180,
		},
		{"label": _("Client Name"), "fieldname": "customer_name", "fieldtype": "Data", "width": 180},
		{"label": _("What"), "fieldname": "action", "fieldtype": "Data", "width": 260},
		{
			"label": _("Action Owner"),
			"fieldname": "assigned_to",
			"fieldtype": "Link",
			"options": "User",
			"width": 180,
		},
		{"label": _("Due Date"), "fieldname": "due_date", "fieldtype": "Date", "width": 100},
		{"label": _("Days Overdue"), "fieldname": "days_overdue", "fieldtype": "Int", "width": 110},
		{
			"label": _("Account Manager"),
			"fieldname": "account_manager",
			"fieldtype": "Link",
			"options": "User",
			"width": 180,
		},
		{"label": _("To Do"), "fieldname": "todo", "fieldtype": "Link", "options": "ToDo", "width": 110},
	]


def get_data(filters):
	today = getdate(filters.get("today") or nowdate())
	visit, item = DocType("Client Visit"), DocType("Client Visit Action Item")
	query = (
		frappe.qb.from_(item)
		.join(visit)
		.on(visit.name == item.parent)
		.select(
			visit.name.as_("visit"),
			visit.customer,
			visit.customer_name,
			item.action,
			item.assigned_to,
			item.due_date,
			visit.account_manager,
			item.todo,
		)
		.where((visit.docstatus == 1) & (item.status == "Open") & (item.due_date < today))
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
