"""Every client's figures from the ledgers, set-based: revenue, margin, lateness, overdue receivables, complaints, CSAT."""

import frappe
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count, Min, Sum
from frappe.utils import add_days, cint, flt, getdate

from agency_service.scorecard.scoring import ClientFigures
from agency_service.scorecard.settings import COMPLAINT_DOCTYPE, TRAILING_DAYS, DateDiff, Greatest
from agency_service.surveys.responses import client_figures

# --- figures from the ledgers (set-based) ----------------------------------------------------------


def client_rows(customers: list[str] | None = None, extra_fields: tuple[str, ...] = ()) -> list[frappe._dict]:
	"""Enabled clients (all, or ``customers``) with their scorecard facts and ``extra_fields``."""
	customer = DocType("Customer")
	query = frappe.qb.from_(customer).select(
		customer.name,
		customer.customer_name,
		customer.client_tier,
		customer.tier_locked,
		customer.credit_rating,
		customer.growth_potential,
		customer.strategic_fit,
		customer.cooperating_since,
		customer.account_director,
		*(customer[field] for field in extra_fields),
	)
	query = query.where(customer.disabled == 0)
	if customers is not None:
		query = query.where(customer.name.isin(customers or [""]))
	return query.orderby(customer.name).run(as_dict=True)


def collect_figures(clients: list[frappe._dict], as_of) -> dict[str, ClientFigures]:
	"""One query per source for the whole batch of clients."""
	as_of = getdate(as_of)
	start = add_days(as_of, -TRAILING_DAYS)
	names = [c.name for c in clients]
	revenue = net_revenue(names, start, as_of)
	margins = project_margins(names)
	first_invoice = first_invoice_dates(names)
	lateness = payment_lateness(names, start, as_of)
	overdue = overdue_receivables(names, as_of)
	complaints = complaint_counts(names, start, as_of)
	satisfaction = client_csat(names, start)
	figures = {}
	for c in clients:
		since = c.cooperating_since or first_invoice.get(c.name)
		figures[c.name] = ClientFigures(
			revenue=revenue.get(c.name, 0.0),
			margin_percent=margins.get(c.name),
			growth_potential=cint(c.growth_potential) or None,
			strategic_fit=cint(c.strategic_fit) or None,
			tenure_years=max(0.0, (as_of - getdate(since)).days / 365.25) if since else None,
			average_days_late=lateness.get(c.name),
			overdue_amount=overdue.get(c.name, 0.0),
			credit_rating=c.credit_rating or None,
			complaints=complaints.get(c.name, 0),
			csat=satisfaction.get(c.name),
		)
	return figures


def net_revenue(names: list[str], start, as_of) -> dict[str, float]:
	invoice = DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(invoice)
		.select(invoice.customer, Sum(invoice.base_net_total))
		.where(
			(invoice.docstatus == 1)
			& invoice.customer.isin(names)
			& (invoice.posting_date > start)
			& (invoice.posting_date <= as_of)
		)
		.groupby(invoice.customer)
		.run()
	)
	return {customer: flt(total) for customer, total in rows}


def first_invoice_dates(names: list[str]) -> dict:
	invoice = DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(invoice)
		.select(invoice.customer, Min(invoice.posting_date))
		.where((invoice.docstatus == 1) & invoice.customer.isin(names))
		.groupby(invoice.customer)
		.run()
	)
	return dict(rows)


def project_margins(names: list[str]) -> dict[str, float]:
	project = DocType("Project")
	rows = (
		frappe.qb.from_(project)
		.select(project.customer, Sum(project.gross_margin), Sum(project.total_billed_amount))
		.where(
			project.customer.isin(names) & (project.total_billed_amount > 0) & (project.status != "Cancelled")
		)
		.groupby(project.customer)
		.run()
	)
	return {customer: flt(margin) / flt(billed) * 100 for customer, margin, billed in rows if flt(billed)}


def payment_lateness(names: list[str], start, as_of) -> dict[str, float]:
	"""Amount-weighted days between each invoice's due date and the payments allocated to it."""
	# the due date comes from the invoice's own ledger row: no read of the (wide) Sales Invoice rows
	ple, invoice = DocType("Payment Ledger Entry"), DocType("Payment Ledger Entry").as_("invoice_row")
	paid = -ple.amount
	rows = (
		frappe.qb.from_(ple)
		.join(invoice)
		.on(
			(invoice.voucher_no == ple.against_voucher_no)
			& (invoice.voucher_type == "Sales Invoice")
			& (invoice.against_voucher_no == invoice.voucher_no)
			& (invoice.delinked == 0)
		)
		.select(
			ple.party,
			Sum(paid),
			Sum(paid * Greatest(DateDiff(ple.posting_date, invoice.due_date), 0)),
		)
		.where(
			(ple.party_type == "Customer")
			& ple.party.isin(names)
			& (ple.against_voucher_type == "Sales Invoice")
			& (ple.voucher_type != "Sales Invoice")
			& (ple.delinked == 0)
			& (ple.amount < 0)
			& (ple.posting_date > start)
			& (ple.posting_date <= as_of)
		)
		.groupby(ple.party)
		.run()
	)
	return {party: flt(weighted) / flt(amount) for party, amount, weighted in rows if flt(amount)}


def overdue_receivables(names: list[str], as_of) -> dict[str, float]:
	"""Outstanding amounts past their due date, in company currency."""
	invoice = DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(invoice)
		.select(invoice.customer, Sum(invoice.outstanding_amount * invoice.conversion_rate))
		.where(
			(invoice.docstatus == 1)
			& invoice.customer.isin(names)
			& (invoice.outstanding_amount > 0)
			& (invoice.due_date < as_of)
		)
		.groupby(invoice.customer)
		.run()
	)
	return {customer: flt(total) for customer, total in rows}


def complaint_counts(names: list[str], start, as_of) -> dict[str, int]:
	"""Complaints received in the period."""
	complaint = DocType(COMPLAINT_DOCTYPE)
	rows = (
		frappe.qb.from_(complaint)
		.select(complaint.customer, Count("*"))
		.where(
			complaint.customer.isin(names)
			& (complaint.received_at >= start)
			& (complaint.received_at < add_days(as_of, 1))
		)
		.groupby(complaint.customer)
		.run()
	)
	return {customer: int(count) for customer, count in rows}


def client_csat(names: list[str], start) -> dict[str, float]:
	return {
		customer: figures["csat"]
		for customer, figures in client_figures(names, start).items()
		if figures["csat"] is not None
	}
