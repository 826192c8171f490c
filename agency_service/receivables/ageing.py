"""Overdue invoices and their ageing buckets, set-based."""

import hashlib

import frappe
from frappe.query_builder import DocType
from frappe.utils import date_diff, flt, getdate, nowdate

from agency_service.receivables.setup import AGEING_BUCKETS, NOT_DUE, OVER_90

# --- overdue invoices and ageing ---------------------------------------------------------------------

# what the overdue notices and the Overdue Invoice Snapshot show of each invoice
INVOICE_FIELDS = (
	"name",
	"customer",
	"company",
	"posting_date",
	"due_date",
	"currency",
	"outstanding_amount",
	"conversion_rate",
)


def ageing_bucket(days_overdue: int) -> str:
	if days_overdue <= 0:
		return NOT_DUE
	for limit, label in AGEING_BUCKETS:
		if days_overdue <= limit:
			return label
	return OVER_90


def overdue_invoices(as_of=None, customers: list[str] | None = None) -> dict[str, list[frappe._dict]]:
	"""Per client, its submitted invoices with an outstanding amount past the due date, oldest first."""
	as_of = getdate(as_of or nowdate())
	invoice = DocType("Sales Invoice")
	query = (
		frappe.qb.from_(invoice)
		.select(*INVOICE_FIELDS)
		.where((invoice.docstatus == 1) & (invoice.outstanding_amount > 0) & (invoice.due_date < as_of))
		.orderby(invoice.customer)
		.orderby(invoice.due_date)
		.orderby(invoice.name)
	)
	if customers is not None:
		query = query.where(invoice.customer.isin(customers or [""]))
	by_client: dict[str, list[frappe._dict]] = {}
	for row in query.run(as_dict=True):
		row.days_overdue = date_diff(as_of, row.due_date)
		row.bucket = ageing_bucket(row.days_overdue)
		by_client.setdefault(row.customer, []).append(row)
	return by_client


def state_key(invoices: list[frappe._dict]) -> str:
	"""Fingerprint of what is overdue: the same invoices with the same outstanding amounts."""
	text = "|".join(
		f"{row.name}:{flt(row.outstanding_amount, 2)}" for row in sorted(invoices, key=lambda r: r.name)
	)
	return hashlib.sha256(text.encode()).hexdigest()[:32]
