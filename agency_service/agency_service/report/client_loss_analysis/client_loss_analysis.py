# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt
"""Client Loss Analysis (客户流失分析): the clients lost in a period by loss reason, its category, tier,
industry, account manager or month lost (the trend), with the revenue they took with them and how many
were won back. A client lost for two reasons counts once under each reason."""

import frappe
from frappe import _, _lt
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count, DateFormat, Sum
from frappe.utils import add_months, flt, getdate, nowdate

from agency_service.agency_service.report.utils import analysis_report, as_columns, chart, count_when

FIGURES = {
	"lost:Int:150": _lt("Clients Lost"),
	"share:Percent:150": _lt("Share of Losses"),
	"revenue:Currency:150": _lt("Revenue Lost (12 Months)"),
	"winning_back:Int:150": _lt("Win-Back in Progress"),
	"won_back:Int:150": _lt("Won Back"),
}

ANALYSES = ("Loss Reason", "Loss Category", "Client Tier", "Industry", "Account Manager", "Month")


def group_key(analyse_by, lost, reason, master):
	return {
		"Loss Reason": reason.loss_reason,
		"Loss Category": master.category,
		"Client Tier": lost.client_tier,
		"Industry": lost.industry,
		"Account Manager": lost.account_manager,
		"Month": DateFormat(lost.lost_on, "%Y-%m"),
	}[analyse_by]


def get_data(filters, analyse_by):
	to_date = getdate(filters.get("to_date") or nowdate())
	from_date = getdate(filters.get("from_date") or add_months(to_date, -12))
	if from_date > to_date:
		frappe.throw(_("The period starts after it ends."))
	lost, reason, master = (
		DocType("Lost Client"),
		DocType("Lost Client Reason"),
		DocType("Client Loss Reason"),
	)
	key = group_key(analyse_by, lost, reason, master)
	query = frappe.qb.from_(lost)
	if analyse_by in ("Loss Reason", "Loss Category"):
		query = (
			query.join(reason)
			.on((reason.parent == lost.name) & (reason.parenttype == "Lost Client"))
			.left_join(master)
			.on(master.name == reason.loss_reason)
		)
	query = (
		query.select(
			key.as_("group"),
			Count(lost.name).distinct().as_("lost"),
			Sum(lost.revenue_last_12_months).as_("revenue"),
			count_when(lost.win_back_status == "Won Back").as_("won_back"),
			count_when(lost.win_back_status == "In Progress").as_("winning_back"),
		)
		.where((lost.lost_on >= from_date) & (lost.lost_on <= to_date))
		.groupby(key)
	)
	query = query.orderby(key) if analyse_by == "Month" else query.orderby(Count("*"), order=frappe.qb.desc)
	rows = query.run(as_dict=True)
	total = sum(row.lost for row in rows)
	for row in rows:
		row.share = flt(100.0 * row.lost / total, 1) if total else 0
		row.revenue = flt(row.revenue)
		row.won_back, row.winning_back = int(row.won_back or 0), int(row.winning_back or 0)
		if analyse_by in ("Loss Reason", "Loss Category", "Client Tier") and row.group:
			row.group = _(row.group)
	return rows


def get_columns(analyse_by):
	labels = {"Month": _("Month Lost"), "Loss Category": _("Loss Category")}
	return as_columns({"group:Data:220": labels.get(analyse_by) or _(analyse_by)} | FIGURES)


def get_chart(rows, analyse_by):
	if analyse_by == "Month" and len(rows) < 2:
		return None
	rows = rows[:30]
	labels = [row.group or _("Not Set") for row in rows]
	chart_type = "line" if analyse_by == "Month" else "bar"
	return chart(labels, {_("Clients Lost"): [row.lost for row in rows]}, chart_type, colors=["#e24c4c"])


def get_summary(rows):
	return [
		{
			"label": _("Clients Lost"),
			"value": sum(r.lost for r in rows),
			"indicator": "Red",
			"datatype": "Int",
		},
		{
			"label": _("Revenue Lost (12 Months)"),
			"value": sum(r.revenue for r in rows),
			"indicator": "Orange",
			"datatype": "Currency",
		},
		{
			"label": _("Won Back"),
			"value": sum(r.won_back for r in rows),
			"indicator": "Green",
			"datatype": "Int",
		},
	]


execute = analysis_report(ANALYSES, "Loss Reason", get_data, get_columns, get_chart, get_summary)
