"""The scorecard API (desk buttons and REST): change a tier, recompute, read a client's scorecard."""

import frappe
from frappe import _

from agency_service.scorecard.settings import SCORECARD, TIER_CHANGE

# --- desk and REST API -----------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def request_tier_change(customer: str, new_tier: str, reason: str) -> dict:
	"""Change Tier on the client: applied at once, or sent to the account director's sign-off."""
	frappe.has_permission(TIER_CHANGE, "create", throw=True)
	change = frappe.get_doc(
		{"doctype": TIER_CHANGE, "customer": customer, "new_tier": new_tier, "reason": reason}
	).insert()
	change.reload()
	return {"name": change.name, "status": change.status, "change_type": change.change_type}


RECOMPUTE_JOB_ID = "agency_service_recompute_scorecards"


@frappe.whitelist(methods=["POST"])
def start_recompute() -> dict:
	"""Recompute every client's scorecard in the background (long queue); progress shows in the desk."""
	frappe.has_permission(TIER_CHANGE, "create", throw=True)
	from frappe.utils.background_jobs import is_job_enqueued

	if is_job_enqueued(RECOMPUTE_JOB_ID):
		return {"queued": False, "message": _("Scorecards are already being recomputed.")}
	frappe.enqueue(
		"agency_service.scorecard.recompute.recompute_scorecards",
		queue="long",
		timeout=3600,
		job_id=RECOMPUTE_JOB_ID,
		progress=True,
	)
	return {"queued": True, "message": _("Recomputing all client scorecards in the background.")}


@frappe.whitelist()
def get_client_scorecard(customer: str) -> dict | None:
	"""The client's latest scorecard with its breakdown (Customer form)."""
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	frappe.has_permission(SCORECARD, "read", throw=True)
	name = frappe.db.get_value(SCORECARD, {"customer": customer}, "name", order_by="period desc")
	if not name:
		return None
	return frappe.get_doc(SCORECARD, name).as_dict()
