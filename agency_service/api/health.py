"""Client health on the desk: the Customer form's health indicator."""

import frappe

from agency_service.health.rules import indicator

HEALTH = "Client Health"


@frappe.whitelist()
@frappe.read_only()
def client_health(customer: str) -> dict | None:
	"""The client's latest health score with its reasons, or None for a user who may not read it."""
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	if not frappe.has_permission(HEALTH, "read"):
		return None
	rows = frappe.get_list(
		HEALTH,
		filters={"customer": customer},
		fields=["score", "at_risk", "at_risk_since", "scored_on", "reasons"],
		limit_page_length=1,
	)
	if not rows:
		return None
	health = rows[0]
	health.indicator = indicator(health.score, health.at_risk)
	return health
