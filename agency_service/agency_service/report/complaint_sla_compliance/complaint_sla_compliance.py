# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""Complaint SLA Compliance (投诉时限达成率): first-response and resolution deadlines met, breached and
still pending, with the compliance rate, per client tier, category, account manager or month of receipt.
One grouped query; how a deadline counts is defined once in ``agency_service.complaints.metrics``."""

import frappe
from frappe import _, _lt
from frappe.utils import get_datetime

from agency_service.agency_service.report.utils import as_columns, chart, chosen_grouping, report
from agency_service.complaints import metrics

FIGURES = {
	"response_met:Int:140": _lt("First Response Met"),
	"response_breached:Int:160": _lt("First Response Breached"),
	"response_pending:Int:160": _lt("First Response Pending"),
	"response_compliance:Percent:170": _lt("First Response Compliance"),
	"resolution_met:Int:120": _lt("Resolution Met"),
	"resolution_breached:Int:140": _lt("Resolution Breached"),
	"resolution_pending:Int:140": _lt("Resolution Pending"),
	"resolution_compliance:Percent:160": _lt("Resolution Compliance"),
}

GROUPS = ("Client Tier", "Category", "Account Manager", "Industry", "Month")


@report
def execute(filters):
	group_by = chosen_grouping(filters, "group_by", GROUPS, "Client Tier")
	rows = get_data(filters, group_by)
	return get_columns(group_by), rows, None, get_chart(rows, group_by), get_summary(rows)


def get_data(filters, group_by):
	now = get_datetime(filters.get("now")) if filters.get("now") else frappe.utils.now_datetime()
	key = metrics.group_key(group_by)
	query = (
		metrics.received_in_period(filters)
		.select(key.as_("group"), *metrics.sla_measures(now))
		.groupby(key)
		.orderby(key)
	)
	rows = query.run(as_dict=True)
	for row in rows:
		for measure in ("complaints", "response_met", "response_breached", "response_pending"):
			row[measure] = int(row[measure] or 0)
		for measure in ("resolution_met", "resolution_breached", "resolution_pending"):
			row[measure] = int(row[measure] or 0)
		row.response_compliance = metrics.compliance(row.response_met, row.response_breached)
		row.resolution_compliance = metrics.compliance(row.resolution_met, row.resolution_breached)
	return rows


def get_columns(group_by):
	return [*metrics.group_columns(group_by, 180), *as_columns(FIGURES)]


def group_label(value, group_by):
	if not value:
		return _("Not Set")
	if group_by == "Account Manager":
		return frappe.utils.get_fullname(value)
	if group_by == "Month":
		return value
	return _(value)


def get_chart(rows, group_by):
	rows = rows[:30]
	series = {
		_("First Response Compliance"): [row.response_compliance or 0 for row in rows],
		_("Resolution Compliance"): [row.resolution_compliance or 0 for row in rows],
	}
	return chart(
		[group_label(row.group, group_by) for row in rows],
		series,
		"line" if group_by == "Month" else "bar",
		fieldtype="Percent",
		colors=["#5e64ff", "#28a745"],
	)


def get_summary(rows):
	total = {
		key: sum(row[key] for row in rows)
		for key in ("response_met", "response_breached", "resolution_met", "resolution_breached")
	}
	response = metrics.compliance(total["response_met"], total["response_breached"])
	resolution = metrics.compliance(total["resolution_met"], total["resolution_breached"])
	return [
		{
			"label": _("First Response Compliance"),
			"value": response or 0,
			"indicator": "Green" if (response or 0) >= 90 else "Orange",
			"datatype": "Percent",
		},
		{
			"label": _("First Response Breached"),
			"value": total["response_breached"],
			"indicator": "Red",
			"datatype": "Int",
		},
		{
			"label": _("Resolution Compliance"),
			"value": resolution or 0,
			"indicator": "Green" if (resolution or 0) >= 90 else "Orange",
			"datatype": "Percent",
		},
		{
			"label": _("Resolution Breached"),
			"value": total["resolution_breached"],
			"indicator": "Red",
			"datatype": "Int",
		},
	]
