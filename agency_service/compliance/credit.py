"""Credit re-assessment (信用复评, 004 §5.1.3): a review task per client per its tier's period, decided by the
Credit Reviewer — keep, lower the limit, suspend, or lift a suspension — and a suspended client gets no
new work order or contract.

* ``schedule_credit_reviews`` (daily) opens a Credit Review for every client whose tier's period has
  passed since its last review (or who was never reviewed), set-based, once: an open review is not opened
  twice. The Credit Reviewers are told in one digest.
* The Credit Review's ``complete`` action applies the decision to the client: ERPNext's Customer Credit
  Limit (lowered, never raised here), the credit rating, and the suspension, which only a review sets or
  lifts (``guard_credit_fields`` refuses any other change of it).
"""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import add_days, flt, getdate, nowdate

from agency_service import notify
from agency_service.bulk import bulk_insert_rows, reserve_series_names
from agency_service.guard import in_controlled_change, refuse_uncontrolled_changes
from agency_service.job_lock import runs_alone
from agency_service.roles import CREDIT_REVIEWER, users_with_role

SUSPENSION_FIELDS = ("credit_suspended", "credit_suspension_reason", "last_credit_review")


class ClientSuspendedError(frappe.ValidationError):
	pass


# --- the gate: a suspended client ------------------------------------------------------------------------


def refuse_suspended_client(customer: str | None, what: str):
	"""Throw when ``customer``'s credit is suspended (read from the stored client)."""
	if customer and frappe.db.get_value("Customer", customer, "credit_suspended"):
		frappe.throw(
			_("The credit of {0} is suspended: no new {1} can be made for this client.").format(
				frappe.bold(frappe.db.get_value("Customer", customer, "customer_name") or customer), _(what)
			),
			title=_("Credit Suspended"),
			exc=ClientSuspendedError,
		)


def guard_new_contract(doc, method=None):
	"""Contract validate: a new contract (or one moved to another client) with a suspended client is refused."""
	if doc.party_type == "Customer" and (doc.is_new() or doc.has_value_changed("party_name")):
		refuse_suspended_client(doc.party_name, "Contract")


def guard_credit_fields(doc, method=None):
	"""Customer validate: the suspension and the review date change through a credit review only."""
	if not in_controlled_change():
		refuse_uncontrolled_changes(doc, SUSPENSION_FIELDS)


# --- the schedule --------------------------------------------------------------------------------------------


@runs_alone
def schedule_credit_reviews_job():
	schedule_credit_reviews()


def due_clients(today) -> list[dict]:
	customer, tier, review = DocType("Customer"), DocType("Client Tier"), DocType("Credit Review")
	with_open_review = frappe.qb.from_(review).select(review.customer).where(review.status == "Open")
	rows = (
		frappe.qb.from_(customer)
		.join(tier)
		.on(tier.name == customer.client_tier)
		.select(
			customer.name,
			customer.client_tier,
			customer.credit_rating,
			customer.credit_suspended,
			customer.last_credit_review,
			tier.credit_review_days,
		)
		.where((customer.disabled == 0) & (tier.credit_review_days > 0))
		.where(customer.name.notin(with_open_review))
		.run(as_dict=True)
	)
	return [
		row
		for row in rows
		if not row.last_credit_review
		or add_days(getdate(row.last_credit_review), row.credit_review_days) <= today
	]


def credit_standing(customers: list[str]) -> tuple[dict, dict]:
	"""(credit limit per client — the lowest of its companies' —, overdue receivables per client)."""
	limit, invoice = DocType("Customer Credit Limit"), DocType("Sales Invoice")
	limits = {}
	for row in (
		frappe.qb.from_(limit)
		.select(limit.parent, limit.credit_limit)
		.where((limit.parenttype == "Customer") & limit.parent.isin(customers))
		.run(as_dict=True)
	):
		limits[row.parent] = min(limits.get(row.parent, row.credit_limit), row.credit_limit)
	overdue = dict(
		frappe.qb.from_(invoice)
		.select(invoice.customer, Coalesce(Sum(invoice.outstanding_amount), 0))
		.where(
			invoice.customer.isin(customers)
			& (invoice.docstatus == 1)
			& (invoice.outstanding_amount > 0)
			& (invoice.due_date < nowdate())
		)
		.groupby(invoice.customer)
		.run()
	)
	return limits, overdue


def schedule_credit_reviews(as_of=None) -> int:
	today = getdate(as_of or nowdate())
	due = due_clients(today)
	if not due:
		return 0
	customers = [row.name for row in due]
	limits, overdue = credit_standing(customers)
	names = reserve_series_names(f"CR-{today.year}-.#####", len(due))
	rows = [
		{
			"name": name,
			"customer": row.name,
			"client_tier": row.client_tier,
			"due_date": today,
			"status": "Open",
			"current_rating": row.credit_rating,
			"current_limit": flt(limits.get(row.name)),
			"overdue_amount": flt(overdue.get(row.name)),
			"was_suspended": row.credit_suspended or 0,
		}
		for name, row in zip(names, due, strict=True)
	]
	bulk_insert_rows("Credit Review", rows)
	items = [("Credit Review", row["name"], row["customer"]) for row in rows]
	notify.send_digests(
		{user: items for user in users_with_role(CREDIT_REVIEWER)},
		lambda n: _("{0} client credit reviews are due").format(n),
		_("… and {0} more."),
	)
	return len(rows)
