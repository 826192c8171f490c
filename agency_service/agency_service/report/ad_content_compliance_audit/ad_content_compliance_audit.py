# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

"""广告合规审计: reviews of the period, hits per rule, rejections, and work delivered without an approved
review (must be none) — the figures of ``compliance.audit``."""

import frappe
from frappe import _

from agency_service.agency_service.report.utils import chosen_grouping, column, link_column
from agency_service.compliance.audit import (
	audit_figures,
	delivered_without_review,
	hits_per_rule,
	rejections,
)

HITS, REJECTIONS, UNREVIEWED = "Hits per Rule", "Rejections", "Delivered Without Review"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not (filters.from_date and filters.to_date):
		frappe.throw(_("Choose the period of the audit."))
	view = chosen_grouping(filters, "view", (HITS, REJECTIONS, UNREVIEWED), HITS)
	columns, rows = VIEWS[view](filters)
	figures = audit_figures(filters.from_date, filters.to_date)
	chart = hits_chart(rows) if view == HITS else None
	return columns, rows, None, chart, report_summary(figures)


def hits_view(filters):
	columns = [
		column(_("Term"), "term", "Data", 140),
		column(_("Category"), "category", "Data", 160),
		column(_("Severity"), "severity", "Data", 110),
		column(_("Rule"), "rule", "Data", 320),
		column(_("Hits"), "hits", "Int", 80),
		column(_("Reviews"), "reviews", "Int", 90),
		column(_("Hits in Rejected Reviews"), "hits_in_rejected", "Int", 170),
	]
	rows = hits_per_rule(filters.from_date, filters.to_date)
	for row in rows:
		row.category, row.severity = _(row.category or ""), _(row.severity or "")
	return columns, rows


def rejections_view(filters):
	columns = [
		link_column(_("Ad Content Review"), "review", "Ad Content Review", 130),
		link_column(_("Client Work Order"), "work_order", "Client Work Order", 150),
		link_column(_("Customer"), "customer", "Customer", 180),
		column(_("Terms Found"), "hit_count", "Int", 100),
		link_column(_("Rejected By"), "signer", "User", 180),
		column(_("Rejected On"), "signed_at", "Datetime", 160),
		column(_("Reason"), "comment", "Data", 320),
	]
	return columns, rejections(filters.from_date, filters.to_date)


def unreviewed_view(filters):
	columns = [
		link_column(_("Client Work Order"), "work_order", "Client Work Order", 160),
		link_column(_("Customer"), "customer", "Customer", 200),
		column(_("Status"), "status", "Data", 180),
		column(_("Last Changed"), "modified", "Datetime", 160),
	]
	rows = delivered_without_review()
	for row in rows:
		row.status = _(row.status)
	return columns, rows


VIEWS = {HITS: hits_view, REJECTIONS: rejections_view, UNREVIEWED: unreviewed_view}


def hits_chart(rows):
	top = rows[:10]
	return {
		"data": {
			"labels": [row.term for row in top],
			"datasets": [{"name": _("Hits"), "values": [row.hits for row in top]}],
		},
		"type": "bar",
	}


def report_summary(figures):
	unreviewed = figures.delivered_without_review
	return [
		{"label": _("Reviews"), "value": figures.reviews, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Approved"), "value": figures.approved, "datatype": "Int", "indicator": "Green"},
		{"label": _("Rejected"), "value": figures.rejected, "datatype": "Int", "indicator": "Orange"},
		{"label": _("Waiting for Legal"), "value": figures.pending, "datatype": "Int", "indicator": "Grey"},
		{"label": _("Terms Found"), "value": figures.hits, "datatype": "Int", "indicator": "Orange"},
		{
			"label": _("Delivered Without Review"),
			"value": unreviewed,
			"datatype": "Int",
			"indicator": "Red" if unreviewed else "Green",
		},
	]
