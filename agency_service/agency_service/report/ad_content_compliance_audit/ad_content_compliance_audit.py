# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

"""广告合规审计: reviews of the period, hits per rule, rejections, and work delivered without an approved
review (must be none) — the figures of ``compliance.audit``."""

import frappe
from frappe import _, _lt

from agency_service.agency_service.report.utils import as_columns, chart, chosen_grouping, report
from agency_service.compliance.audit import (
	audit_figures,
	delivered_without_review,
	hits_per_rule,
	rejections,
)

HITS, REJECTIONS, UNREVIEWED = "Hits per Rule", "Rejections", "Delivered Without Review"


HITS_COLUMNS = {
	"term:Data:140": _lt("Term"),
	"category:Data:160": _lt("Category"),
	"severity:Data:110": _lt("Severity"),
	"rule:Data:320": _lt("Rule"),
	"hits:Int:80": _lt("Hits"),
	"reviews:Int:90": _lt("Reviews"),
	"hits_in_rejected:Int:170": _lt("Hits in Rejected Reviews"),
}
REJECTION_COLUMNS = {
	"review:Link/Ad Content Review:130": _lt("Ad Content Review"),
	"work_order:Link/Client Work Order:150": _lt("Client Work Order"),
	"customer:Link/Customer:180": _lt("Customer"),
	"hit_count:Int:100": _lt("Terms Found"),
	"signer:Link/User:180": _lt("Rejected By"),
	"signed_at:Datetime:160": _lt("Rejected On"),
	"comment:Data:320": _lt("Reason"),
}
UNREVIEWED_COLUMNS = {
	"work_order:Link/Client Work Order:160": _lt("Client Work Order"),
	"customer:Link/Customer:200": _lt("Customer"),
	"status:Data:180": _lt("Status"),
	"modified:Datetime:160": _lt("Last Changed"),
}


@report
def execute(filters):
	if not (filters.from_date and filters.to_date):
		frappe.throw(_("Choose the period of the audit."))
	view = chosen_grouping(filters, "view", (HITS, REJECTIONS, UNREVIEWED), HITS)
	columns, rows = VIEWS[view](filters)
	figures = audit_figures(filters.from_date, filters.to_date)
	top = rows[:10] if view == HITS else []
	hits = chart([row.term for row in top], {_("Hits"): [row.hits for row in top]})
	return as_columns(columns), rows, None, hits, report_summary(figures)


def hits_view(filters):
	rows = hits_per_rule(filters.from_date, filters.to_date)
	for row in rows:
		row.category, row.severity = _(row.category or ""), _(row.severity or "")
	return HITS_COLUMNS, rows


def rejections_view(filters):
	return REJECTION_COLUMNS, rejections(filters.from_date, filters.to_date)


def unreviewed_view(filters):
	rows = delivered_without_review()
	for row in rows:
		row.status = _(row.status)
	return UNREVIEWED_COLUMNS, rows


VIEWS = {HITS: hits_view, REJECTIONS: rejections_view, UNREVIEWED: unreviewed_view}


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
