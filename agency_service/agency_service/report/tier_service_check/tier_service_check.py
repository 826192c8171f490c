# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""Tier Service Check (分级服务检查): each client's tier promises over a period, met or missed
(``health.service_check``), or the misses counted per account manager."""

from frappe import _, _lt
from frappe.utils import add_months, getdate, nowdate

from agency_service.agency_service.report.utils import as_columns, chart, chosen_grouping, report
from agency_service.health.service_check import MISSED, check_service

MANAGER_COLUMNS = {
	"account_manager:Link/User:200": _lt("Account Manager"),
	"checked:Int:150": _lt("Promises Checked"),
	"missed:Int:150": _lt("Promises Missed"),
	"visits:Int:150": _lt("Visit Cadence Missed"),
	"surveys:Int:150": _lt("Survey Cadence Missed"),
	"director:Int:150": _lt("Director Contact Missed"),
	"complaints:Int:150": _lt("Complaint Deadlines Missed"),
}

CLIENT_COLUMNS = {
	"customer:Link/Customer:180": _lt("Client"),
	"customer_name:Data:180": _lt("Client Name"),
	"client_tier:Link/Client Tier:130": _lt("Client Tier"),
	"account_manager:Link/User:180": _lt("Account Manager"),
	"promise_label:Data:170": _lt("Promise"),
	"expected:Data:230": _lt("Expected"),
	"actual:Data:200": _lt("Actual"),
	"status_label:Data:110": _lt("Met or Missed"),
}

VIEWS = ("By Client", "Misses per Manager")


@report
def execute(filters):
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
		return as_columns(MANAGER_COLUMNS), data, None, manager_chart(data), summary
	if filters.get("only_missed"):
		rows = missed
	for row in rows:
		row["promise_label"], row["status_label"] = _(row["promise"]), _(row["status"])
	return as_columns(CLIENT_COLUMNS), rows, None, None, summary


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
