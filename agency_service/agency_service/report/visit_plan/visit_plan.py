# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""An account manager's visit plan for a month or a quarter: planned, held and overdue visits."""

import frappe
from frappe import _
from frappe.utils import add_days, add_months, get_first_day, getdate, nowdate

from agency_service.agency_service.report.utils import as_columns

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
	"""The columns: each a field of Client Visit, selected as it is named."""
	return as_columns(
		{
			"name:Link/Client Visit:150": _("Client Visit"),
			"visit_start:Datetime:150": _("Starts At"),
			"customer_name:Data:200": _("Client Name"),
			"client_tier:Link/Client Tier:110": _("Client Tier"),
			"channel:Data:120": _("Channel"),
			"status:Data:130": _("Status"),
			"due_date:Date:120": _("Due per Visit Cadence"),
			"minutes_late:Check:100": _("Minutes Late"),
			"account_manager:Link/User:180": _("Account Manager"),
		}
	)


def get_data(filters, start, end):
	conditions = {"visit_start": ("between", [f"{start} 00:00:00", f"{end} 23:59:59"]), "docstatus": ("<", 2)}
	if filters.get("account_manager"):
		conditions["account_manager"] = filters.get("account_manager")
	rows = frappe.get_list(
		"Client Visit",
		filters=conditions,
		fields=[column["fieldname"] for column in get_columns()],
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
