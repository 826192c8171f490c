"""Defaults the relationship register ships: each shipped tier's gift budget and approval threshold, set
only while both are empty (an administrator's values stay)."""

import frappe

# tier: (yearly gift and hospitality budget per client, a single gift above this needs approval)
SHIPPED_GIFT_POLICY = {
	"Strategic Client": (20000, 2000),
	"Key Client": (10000, 1000),
	"Potential Client": (5000, 500),
	"Regular Client": (2000, 300),
}


def sync_relations_setup():
	for tier, (budget, threshold) in SHIPPED_GIFT_POLICY.items():
		current = frappe.db.get_value(
			"Client Tier", tier, ["gift_budget_per_year", "gift_approval_threshold"]
		)
		if current and not any(current):
			frappe.db.set_value(
				"Client Tier", tier, {"gift_budget_per_year": budget, "gift_approval_threshold": threshold}
			)
