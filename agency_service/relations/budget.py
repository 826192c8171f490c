"""Whether a gift or hospitality needs the sign-off (002 A: nothing that could be a kickback).

A gift needs approval when it alone is worth more than its client's tier allows without approval, or when
it takes the client's gifts of the calendar year — the approved ones and those awaiting approval — past
the tier's yearly budget. A tier without a budget allows nothing unapproved."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Sum
from frappe.utils import flt, getdate

GIFT = "Client Gift"
DRAFT, AWAITING, APPROVED, REJECTED = "Draft", "Awaiting Approval", "Approved", "Rejected"
COUNTED = (AWAITING, APPROVED)


def approval_reasons(amount: float, threshold: float, budget: float, spent_before: float) -> list[str]:
	"""Pure rule: why a gift of ``amount`` needs approval (none: it does not)."""
	reasons = []
	if amount > threshold:
		reasons.append(
			_("Its value {0} is above the {1} a gift may have without approval.").format(amount, threshold)
		)
	if spent_before + amount > budget:
		reasons.append(
			_(
				"With it, this year's gifts and hospitality come to {0}, beyond the yearly budget of {1}."
			).format(spent_before + amount, budget)
		)
	return reasons


def spent_in_year(customer: str, year: int, exclude: str | None = None) -> float:
	gift = DocType(GIFT)
	query = (
		frappe.qb.from_(gift)
		.select(Sum(gift.amount))
		.where(
			(gift.customer == customer)
			& gift.status.isin(COUNTED)
			& (gift.given_on >= f"{year}-01-01")
			& (gift.given_on <= f"{year}-12-31")
		)
	)
	if exclude:
		query = query.where(gift.name != exclude)
	return flt(query.run()[0][0])


def budget_check(
	customer: str, tier: str | None, given_on, amount: float, exclude: str | None = None
) -> dict:
	policy = (
		frappe.db.get_value(
			"Client Tier", tier, ["gift_budget_per_year", "gift_approval_threshold"], as_dict=True
		)
		if tier
		else None
	) or frappe._dict(gift_budget_per_year=0, gift_approval_threshold=0)
	budget, threshold = flt(policy.gift_budget_per_year), flt(policy.gift_approval_threshold)
	spent = spent_in_year(customer, getdate(given_on).year, exclude)
	reasons = approval_reasons(flt(amount), threshold, budget, spent)
	return {
		"yearly_budget": budget,
		"approval_threshold": threshold,
		"spent_before": spent,
		"needs_approval": int(bool(reasons)),
		"approval_reason": "\n".join(reasons),
	}
