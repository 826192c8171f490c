# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""An account manager's visit plan for a month or a quarter: planned, held and overdue visits."""

import frappe
from frappe import _, _lt
from frappe.utils import add_days, add_months, get_first_day, getdate, nowdate

from agency_service.agency_service.report.utils import as_columns, report

COLUMNS = {
	"name:Link/Client Visit:150": _lt("Client Visit"),
	"visit_start:Datetime:150": _lt("Starts At"),
	"customer_name:Data:200": _lt("Client Name"),
	"client_tier:Link/Client Tier:110": _lt("Client Tier"),
	"channel:Data:120": _lt("Channel"),
	"status:Data:130": _lt("Status"),
	"due_date:Date:120": _lt("Due per Visit Cadence"),
	"minutes_late:Check:100": _lt("Minutes Late"),
	"account_manager:Link/User:180": _lt("Account Manager"),
}

PERIOD_MONTHS = {"Month": 1, "Quarter": 3}


@report
def execute(filters):
	start, end = period_bounds(filters.get("period") or "Month", filters.get("date") or nowdate())
	data = get_data(filters, start, end)
	return as_columns(COLUMNS), data, None, None, get_summary(data)


def period_bounds(period: str, date) -> tuple:
	"""First and last day of the month or quarter containing ``date``."""
	date = getdate(date)
	months = PERIOD_MONTHS.get(period, 1)
	first = get_first_day(date)
	if months == 3:
		first = first.replace(month=3 * ((date.month - 1) // 3) + 1)
	return first, add_days(add_months(first, months), -1)


def get_data(filters, start, end):
	conditions = {"visit_start": ("between", [f"{start} 00:00:00", f"{end} 23:59:59"]), "docstatus": ("<", 2)}
	if filters.get("account_manager"):
		conditions["account_manager"] = filters.get("account_manager")
	rows = frappe.get_list(
		"Client Visit",
		filters=conditions,
		fields=[key.partition(":")[0] for key in COLUMNS],  # each column a field of Client Visit
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
