"""A client's last and next visit dates (the one rule, for one client or many)."""

import frappe
from frappe.query_builder import DocType
from frappe.query_builder.functions import Max, Min
from frappe.utils import (
	cint,
	getdate,
)

from agency_service.visits.rules import VISIT, next_visit_due

# --- next visit dates ---------------------------------------------------------------------------


def update_visit_dates(customers: list[str]):
	"""The one next-visit-date rule, for one client or many (visit events, tier changes): Customer
	``last_visit_date`` = the latest visit with submitted minutes; ``next_visit_date`` = the open visit's
	due date, else the last visit + the tier's visit cadence. Set-based: one query per figure and one
	UPDATE per distinct pair of dates."""
	if not customers:
		return
	visit, customer = DocType(VISIT), DocType("Customer")

	def per_client(figure, docstatus: int) -> dict:
		return dict(
			frappe.qb.from_(visit)
			.select(visit.customer, figure)
			.where((visit.docstatus == docstatus) & visit.customer.isin(customers))
			.groupby(visit.customer)
			.run()
		)

	last = per_client(Max(visit.visit_start), 1)  # the latest visit with submitted minutes
	open_due = per_client(Min(visit.due_date), 0)  # the open visit's due date
	cadence = dict(frappe.get_all("Client Tier", fields=["name", "visit_cadence_days"], as_list=True))
	tiers = dict(
		frappe.qb.from_(customer)
		.select(customer.name, customer.client_tier)
		.where(customer.name.isin(customers))
		.run()
	)
	by_dates: dict[tuple, list[str]] = {}
	for name in customers:
		last_date = getdate(last[name]) if last.get(name) else None
		days = cint(cadence.get(tiers.get(name)))
		due = open_due.get(name) or (next_visit_due(last_date, days, None) if last_date and days else None)
		by_dates.setdefault((last_date, due), []).append(name)
	for (last_date, due), names in by_dates.items():
		(
			frappe.qb.update(customer)
			.set(customer.last_visit_date, last_date)
			.set(customer.next_visit_date, due)
			.where(customer.name.isin(names))
			.run()
		)
	if len(customers) <= 100:  # a visit's own event: forms and cached documents see the new dates at once
		for name in customers:
			frappe.clear_document_cache("Customer", name)
