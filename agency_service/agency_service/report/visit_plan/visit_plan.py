# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""An account manager's visit plan for a month or a quarter: planned, held and overdue visits."""

import frappe
from frappe import _
from frappe.utils import add_days, add_months, get_first_day, getdate, nowdate

PERIOD_MONTHS = {"Month": 1, "Quarter": 3}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	start, end = period_bounds(filters.get("period") or "Month", filters.get("date") or nowdate())
	data = get_data(filters, start, end)
	return get_columns(), data, None, None, get_summary(data)


def period_bounds(period: str, date) -> tuple:
	"""First and last day of the month or quarter containing ``date``."""
	date = getdate(date)
	months = PERIOD_MONTHS.get(period, 1)
	first = get_first_day(date)
	if months == 3:
		first = first.replace(month=3 * ((date.month - 1) // 3) + 1)
	return first, add_days(add_months(first, months), -1)


def get_columns():
	return [
		{
			"label": _("Client Visit"),
			"fieldname": "name",
			"fieldtype": "Link",
			"options": "Client Visit",
			"width": 150,
		},
		{"label": _("Starts At"), "fieldname": "visit_start", "fieldtype": "Datetime", "width": 150},
		{"label": _("Client Name"), "fieldname": "customer_name", "fieldtype": "Data", "width": 200},
		{
			"label": _("Client Tier"),
			"fieldname": "client_tier",
			"fieldtype": "Link",
			"options": "Client Tier",
			"width": 110,
		},
		{"label": _("Channel"), "fieldname": "channel", "fieldtype": "Data", "width": 120},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 130},
		{"label": _("Due per Visit Cadence"), "fieldname": "due_date", "fieldtype": "Date", "width": 120},
		{"label": _("Minutes Late"), "fieldname": "minutes_late", "fieldtype": "Check", "width": 100},
		{
			"label": _("Account Manager"),
			"fieldname": "account_manager",
			"fieldtype": "Link",
			"options": "User",
			"width": 180,
		},
	]


def get_data(filters, start, end):
	conditions = {"visit_start": ("between", [f"{start} 00:00:00", f"{end} 23:59:59"]), "docstatus": ("<", 2)}
	if filters.get("account_manager"):
		conditions["account_manager"] = filters.get("account_manager")
	rows = frappe.get_list(
		"Client Visit",
		filters=conditions,
		fields=[
			"name",
			"visit_start",
			"customer_name",
			"client_tier",
			"channel",
			"status",
			"due_date",
			"minutes_late",
			"account_manager",
		],
		order_by="visit_start asc",
		limit_page_length=0,
	)
	for row in rows:
		row.channel = _(row.channel)
		row.status = _(row.status)
	return rows


def get_summary(data):
	counts = {}
	for row in data:
		counts[row.status] = counts.get(row.status, 0) + 1
	colours = {"Planned": "Blue", "Minutes Due": "Orange", "Minutes Overdue": "Red", "Completed": "Green"}
	return [
		{"label": _(status), "value": counts.get(_(status), 0), "indicator": colour, "datatype": "Int"}
		for status, colour in colours.items()
	]
