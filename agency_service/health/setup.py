"""Defaults the health area ships: the loss reasons (only created when missing, so edits survive)."""

import frappe

# reason, category
SHIPPED_LOSS_REASONS = (
	("Price Too High", "Price"),
	("Service Not Responsive", "Service Quality"),
	("Creative Did Not Convince", "Creative Quality"),
	("Media Results Below Target", "Media Results"),
	("Client Changed Strategy", "Client Strategy Change"),
	("Client Budget Cut", "Budget Cut"),
	("Won by a Competitor", "Competitor"),
	("Key Contact Left", "Relationship"),
)


def sync_health_setup():
	for reason, category in SHIPPED_LOSS_REASONS:
		if not frappe.db.exists("Client Loss Reason", reason):
			frappe.get_doc(
				{"doctype": "Client Loss Reason", "reason_name": reason, "category": category, "enabled": 1}
			).insert(ignore_permissions=True)
