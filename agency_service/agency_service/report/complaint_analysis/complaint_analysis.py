# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""Complaint Analysis (投诉分析): how many complaints, of what kind and how they ended, by category, root
cause, responsible department, severity or month of receipt — the month being the trend. One grouped
query over the complaints received in the period."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Avg, Count, Sum
from frappe.utils import flt, get_datetime

from agency_service.agency_service.report.complaint_sla_compliance.complaint_sla_compliance import (
	complaint_query,
)
from agency_service.complaints import metrics
from agency_service.complaints.base import CRITICAL, FULFILLED_STATUSES

ANALYSES = {
	"Category": ("category", "Link", "Complaint Category"),
	"Root Cause": ("root_cause", "Data", None),
	"Responsible Department": ("responsible_department", "Link", "Department"),
	"Severity": ("priority", "Link", "Issue Priority"),
	"Month": (None, "Data", None),
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	analyse_by = filters.get("analyse_by") or "Category"
	if analyse_by not in ANALYSES:
		frappe.throw(_("Analyse by one of: {0}.").format(", ".join(_(a) for a in ANALYSES)))
	rows = get_data(filters, analyse_by)
	return get_columns(analyse_by), rows, None, get_chart(rows, analyse_by), get_summary(rows)


def get_data(filters, analyse_by):
	c = metrics.table()
	now = get_datetime(filters.get("now")) if filters.get("now") else frappe.utils.now_datetime()
	key = metrics.group_key(ANALYSES[analyse_by][0])

	def count_when(condition):
		return Sum(Case().when(condition, 1).else_(0))

	rated = c.client_rating > 0
	query = (
		complaint_query(filters)
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
	labels = {
		"Category": _("Complaint Category"),
		"Root Cause": _("Root Cause"),
		"Responsible Department": _("Responsible Department"),
		"Severity": _("Severity"),
		"Month": _("Month Received"),
	}
	_fieldname, fieldtype, options = ANALYSES[analyse_by]
	group = metrics.group_column(labels[analyse_by], fieldtype, options, 200)
	column = metrics.column
	return [
		group,
		column(_("Complaints"), "complaints", width=100),
		column(_("Share of Complaints"), "share", "Percent"),
		column(_("Open Complaints"), "open"),
		column(_("Resolved or Closed"), "resolved"),
		column(_("Critical Complaints"), "critical"),
		column(_("Deadline Missed"), "breached"),
		column(_("Reopened Complaints"), "reopened", width=140),
		column(_("Compensation Proposed"), "compensation", "Currency", 150),
		column(_("Average Client Rating"), "rating", "Float", 150, precision=1),
	]


def get_chart(rows, analyse_by):
	if not rows:
		return None
	rows = rows[:30]
	labels = [row.group if analyse_by in ("Month", "Root Cause") else _(row.group or "") for row in rows]
	labels = [label or _("Not Set") for label in labels]
	datasets = [{"name": _("Complaints"), "values": [row.complaints for row in rows]}]
	if analyse_by == "Month":
		datasets.append({"name": _("Deadline Missed"), "values": [row.breached for row in rows]})
		return {
			"data": {"labels": labels, "datasets": datasets},
			"type": "line",
			"colors": ["#5e64ff", "#e24c4c"],
		}
	return {"data": {"labels": labels, "datasets": datasets}, "type": "bar", "colors": ["#5e64ff"]}


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
