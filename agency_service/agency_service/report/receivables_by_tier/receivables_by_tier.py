"""Receivables by Tier (分级应收账款): outstanding receivables of each client tier in company currency,
split into not yet due and ageing buckets by days past the due date, with a stacked chart."""

import frappe
from frappe import _, _lt
from frappe.query_builder import DocType
from frappe.utils import date_diff, flt, getdate, nowdate

from agency_service.agency_service.report.utils import as_columns, chart, report
from agency_service.clients.profile import with_client
from agency_service.receivables.ageing import ageing_bucket
from agency_service.receivables.setup import AGEING_BUCKETS, NOT_DUE, OVER_90

BUCKETS = (NOT_DUE, *(label for _limit, label in AGEING_BUCKETS), OVER_90)
BUCKET_FIELDS = {label: f"bucket_{i}" for i, label in enumerate(BUCKETS)}
NO_TIER = ""

COLUMNS = {
	"tier_label:Data:130": _lt("Client Tier"),
	"client_count:Int:110": _lt("Clients with Receivables"),
	"overdue_client_count:Int:110": _lt("Clients with Overdue Invoices"),
	"outstanding:Currency:130": _lt("Total Receivables"),
	"overdue:Currency:130": _lt("Overdue Receivables"),
	**{f"{fieldname}:Currency:120": _lt(label) for label, fieldname in BUCKET_FIELDS.items()},
}


@report
def execute(filters):
	as_of = getdate(filters.as_of or nowdate())
	invoice = DocType("Sales Invoice")
	query, customer = with_client(invoice)
	query = query.select(
		customer.client_tier,
		invoice.customer,
		invoice.due_date,
		(invoice.outstanding_amount * invoice.conversion_rate).as_("outstanding"),
	).where((invoice.docstatus == 1) & (invoice.outstanding_amount > 0) & (invoice.posting_date <= as_of))
	if filters.company:
		query = query.where(invoice.company == filters.company)
	ranks = {t.name: t.rank for t in frappe.get_all("Client Tier", fields=["name", "rank"])}
	tiers: dict[str, dict] = {}
	for row in query.run(as_dict=True):
		tier = row.client_tier or NO_TIER
		entry = tiers.setdefault(tier, new_row(tier))
		bucket = ageing_bucket(date_diff(as_of, row.due_date))
		entry[BUCKET_FIELDS[bucket]] += flt(row.outstanding)
		entry["outstanding"] += flt(row.outstanding)
		entry["clients"].add(row.customer)
		if bucket != NOT_DUE:
			entry["overdue"] += flt(row.outstanding)
			entry["overdue_clients"].add(row.customer)
	rows = []
	for tier in sorted(tiers, key=lambda t: (ranks.get(t, 99), t)):
		entry = tiers[tier]
		entry["client_count"] = len(entry.pop("clients"))
		entry["overdue_client_count"] = len(entry.pop("overdue_clients"))
		entry["tier_label"] = _(tier) if tier else _("No Tier")
		rows.append(entry)
	return as_columns(COLUMNS), rows, None, ageing_chart(rows), summary(rows)


def new_row(tier: str) -> dict:
	row = {
		"client_tier": tier,
		"outstanding": 0.0,
		"overdue": 0.0,
		"clients": set(),
		"overdue_clients": set(),
	}
	row.update({fieldname: 0.0 for fieldname in BUCKET_FIELDS.values()})
	return row


def ageing_chart(rows) -> dict | None:
	series = {_(label): [round(r[fieldname], 2) for r in rows] for label, fieldname in BUCKET_FIELDS.items()}
	labels = [r["tier_label"] for r in rows]
	return chart(labels, series, barOptions={"stacked": 1}, fieldtype="Currency")


def summary(rows) -> list[dict]:
	return [
		{
			"label": _("Total Receivables"),
			"value": sum(r["outstanding"] for r in rows),
			"datatype": "Currency",
		},
		{
			"label": _("Overdue Receivables"),
			"value": sum(r["overdue"] for r in rows),
			"datatype": "Currency",
			"indicator": "Red",
		},
	]
