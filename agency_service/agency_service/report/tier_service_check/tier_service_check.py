# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""Tier Service Check (分级服务检查): each client's tier promises over a period, met or missed
(``health.service_check``), or the misses counted per account manager."""

import frappe
from frappe import _
from frappe.utils import add_months, getdate, nowdate

from agency_service.agency_service.report.utils import as_columns, chart, chosen_grouping
from agency_service.health.service_check import MISSED, check_service

VIEWS = ("By Client", "Misses per Manager")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	view = chosen_grouping(filters, "view", VIEWS, "By Client", _("Show one of: {0}."))
	to_date = getdate(filters.get("to_date") or nowdate())
	from_date = getdate(filters.get("from_date") or add_months(to_date, -3))
	rows = check_service(from_date, to_date, filters)
	missed = [row for row in rows if row["status"] == MISSED]
	summary = [
		{"label": _("Promises Checked"), "value": len(rows), "indicator": "Blue", "datatype": "Int"},
		{"label": _("Promises Missed"), "value": len(missed), "indicator": "Red", "datatype": "Int"},
	]
	if view == "Misses per Manager":
		data = misses_per_manager(rows)
		return manager_columns(), data, None, manager_chart(data), summary
	if filters.get("only_missed"):
		rows = missed
	for row in rows:
		row["promise_label"], row["status_label"] = _(row["promise"]), _(row["status"])
	return client_columns(), rows, None, None, summary


def manager_columns():
	return as_columns(
		{
			"account_manager:Link/User:200": _("Account Manager"),
			"checked:Int:150": _("Promises Checked"),
			"missed:Int:150": _("Promises Missed"),
			"visits:Int:150": _("Visit Cadence Missed"),
			"surveys:Int:150": _("Survey Cadence Missed"),
			"director:Int:150": _("Director Contact Missed"),
			"complaints:Int:150": _("Complaint Deadlines Missed"),
		}
	)


def client_columns():
	return as_columns(
		{
			"customer:Link/Customer:180": _("Client"),
			"customer_name:Data:180": _("Client Name"),
			"client_tier:Link/Client Tier:130": _("Client Tier"),
			"account_manager:Link/User:180": _("Account Manager"),
			"promise_label:Data:170": _("Promise"),
			"expected:Data:230": _("Expected"),
			"actual:Data:200": _("Actual"),
			"status_label:Data:110": _("Met or Missed"),
		}
	)


def misses_per_manager(rows) -> list[dict]:
	managers: dict[str, dict] = {}
	for row in rows:
		entry = managers.setdefault(
			row["account_manager"] or "",
			{"account_manager": row["account_manager"], "checked": 0, "missed": 0},
		)
		entry["checked"] += 1
		entry["missed"] += row["status"] == MISSED
		entry[row["promise"]] = entry.get(row["promise"], 0) + (row["status"] == MISSED)
	data = sorted(managers.values(), key=lambda e: -e["missed"])
	for entry in data:
		entry["visits"] = entry.pop("Visit Cadence", 0)
		entry["surveys"] = entry.pop("Survey Cadence", 0)
		entry["director"] = entry.pop("Director-Level Contact", 0)
		entry["complaints"] = entry.pop("Complaint Deadlines", 0)
	return data


def manager_chart(data):
	labels = [entry["account_manager"] or _("Not Set") for entry in data[:30]]
	values = [entry["missed"] for entry in data[:30]]
	return chart(labels, {_("Promises Missed"): values}, colors=["#e24c4c"])
