# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import math

import frappe
from frappe import _, _lt
from frappe.query_builder import DocType
from frappe.utils import get_datetime

from agency_service.agency_service.report.utils import as_columns, chart, report

COLUMNS = {
	"rule:Link/Sign-off Rule:200": _lt("Sign-off Rule"),
	"step:Data:200": _lt("Step"),
	"count:Int:130": _lt("Completed Steps"),
	"median_hours:Float:130": _lt("Median (Hours)"),
	"p90_hours:Float:170": _lt("90th Percentile (Hours)"),
	"rejected:Int:100": _lt("Rejected"),
}


@report
def execute(filters):
	rows = get_data(filters)
	return as_columns(COLUMNS), rows, None, get_chart(rows)


def percentile(sorted_values: list[float], share: float) -> float | None:
	"""Nearest-rank percentile of already sorted values."""
	if not sorted_values:
		return None
	rank = max(1, math.ceil(share * len(sorted_values)))
	return sorted_values[rank - 1]


def median(sorted_values: list[float]) -> float | None:
	n = len(sorted_values)
	if not n:
		return None
	middle = n // 2
	return sorted_values[middle] if n % 2 else (sorted_values[middle - 1] + sorted_values[middle]) / 2


def get_data(filters):
	request, step = DocType("Sign-off Request"), DocType("Sign-off Request Step")
	query = (
		frappe.qb.from_(step)
		.join(request)
		.on(step.parent == request.name)
		.select(request.rule, step.step_no, step.step_name, step.started_at, step.completed_at, step.outcome)
		.where(step.completed_at.isnotnull() & step.started_at.isnotnull())
		.where(step.outcome.isin(["Approved", "Rejected"]))
	)
	if filters.rule:
		query = query.where(request.rule == filters.rule)
	if filters.from_date:
		query = query.where(step.completed_at >= filters.from_date)
	if filters.to_date:
		query = query.where(step.completed_at < frappe.utils.add_days(filters.to_date, 1))
	groups: dict[tuple, dict] = {}
	for r in query.run(as_dict=True):
		group = groups.setdefault((r.rule, r.step_no, r.step_name), {"hours": [], "rejected": 0})
		group["hours"].append(
			(get_datetime(r.completed_at) - get_datetime(r.started_at)).total_seconds() / 3600
		)
		group["rejected"] += r.outcome == "Rejected"
	rows = []
	for (rule, step_no, step_name), group in sorted(
		groups.items(), key=lambda item: (item[0][0], item[0][1])
	):
		hours = sorted(group["hours"])
		rows.append(
			{
				"rule": rule,
				"step": f"{step_no} · {_(step_name)}",
				"count": len(hours),
				"median_hours": median(hours),
				"p90_hours": percentile(hours, 0.9),
				"rejected": group["rejected"],
			}
		)
	return rows


def get_chart(rows):
	series = {
		_("Median (Hours)"): [r["median_hours"] for r in rows],
		_("90th Percentile (Hours)"): [r["p90_hours"] for r in rows],
	}
	return chart([f"{_(r['rule'])} {r['step']}" for r in rows], series)
