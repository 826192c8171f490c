# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""Complaint Analysis (投诉分析): how many complaints, of what kind and how they ended, by category, root
cause, responsible department, severity or month of receipt — the month being the trend. One grouped
query over the complaints received in the period."""

import frappe
from frappe import _, _lt
from frappe.query_builder import Case
from frappe.query_builder.functions import Avg, Count, Sum
from frappe.utils import flt, get_datetime

from agency_service.agency_service.report.utils import analysis_report, as_columns, chart, count_when
from agency_service.complaints import metrics
from agency_service.complaints.base import CRITICAL, FULFILLED_STATUSES

FIGURES = {
	"share:Percent:130": _lt("Share of Complaints"),
	"open:Int:130": _lt("Open Complaints"),
	"resolved:Int:130": _lt("Resolved or Closed"),
	"critical:Int:130": _lt("Critical Complaints"),
	"breached:Int:130": _lt("Deadline Missed"),
	"reopened:Int:140": _lt("Reopened Complaints"),
	"compensation:Currency:150": _lt("Compensation Proposed"),
	"rating:Float:150": _lt("Average Client Rating"),
}

ANALYSES = ("Category", "Root Cause", "Responsible Department", "Severity", "Industry", "Month")


def get_data(filters, analyse_by):
	c = metrics.table()
	now = get_datetime(filters.get("now")) if filters.get("now") else frappe.utils.now_datetime()
	key = metrics.group_key(analyse_by)
	rated = c.client_rating > 0
	query = (
		metrics.received_in_period(filters)
		.select(
			key.as_("group"),
			Count("*").as_("complaints"),
			count_when(c.status.notin(FULFILLED_STATUSES)).as_("open"),
			count_when(c.status.isin(FULFILLED_STATUSES)).as_("resolved"),
			count_when(c.priority == CRITICAL).as_("critical"),
			count_when(metrics.any_breached(now)).as_("breached"),
			count_when(c.reopen_count > 0).as_("reopened"),
			Sum(c.compensation_amount).as_("compensation"),
			Avg(Case().when(rated, c.client_rating)).as_("rating"),
		)
		.groupby(key)
	)
	query = query.orderby(key) if analyse_by == "Month" else query.orderby(Count("*"), order=frappe.qb.desc)
	rows = query.run(as_dict=True)
	total = sum(row.complaints for row in rows)
	for row in rows:
		for measure in ("open", "resolved", "critical", "breached", "reopened"):
			row[measure] = int(row[measure] or 0)
		row.share = flt(100.0 * row.complaints / total, 1) if total else 0
		row.compensation = flt(row.compensation)
		row.rating = flt(row.rating * 5, 1) if row.rating else None  # Frappe keeps ratings as 0–1
		if analyse_by == "Root Cause" and row.group:
			row.group = _(row.group)
	return rows


def get_columns(analyse_by):
	return [*metrics.group_columns(analyse_by, 200), *as_columns(FIGURES)]


def get_chart(rows, analyse_by):
	rows = rows[:30]
	labels = [row.group if analyse_by in ("Month", "Root Cause") else _(row.group or "") for row in rows]
	labels = [label or _("Not Set") for label in labels]
	series = {_("Complaints"): [row.complaints for row in rows]}
	if analyse_by == "Month":
		series[_("Deadline Missed")] = [row.breached for row in rows]
		return chart(labels, series, "line", colors=["#5e64ff", "#e24c4c"])
	return chart(labels, series, colors=["#5e64ff"])


def get_summary(rows):
	complaints = sum(row.complaints for row in rows)
	return [
		{"label": _("Complaints"), "value": complaints, "indicator": "Blue", "datatype": "Int"},
		{
			"label": _("Open Complaints"),
			"value": sum(row.open for row in rows),
			"indicator": "Orange",
			"datatype": "Int",
		},
		{
			"label": _("Deadline Missed"),
			"value": sum(row.breached for row in rows),
			"indicator": "Red",
			"datatype": "Int",
		},
		{
			"label": _("Reopened Complaints"),
			"value": sum(row.reopened for row in rows),
			"indicator": "Grey",
			"datatype": "Int",
		},
	]


execute = analysis_report(ANALYSES, "Category", get_data, get_columns, get_chart, get_summary)
