"""The Client Tier Change lifecycle helpers: prepared, applied at once or through the account director's sign-off."""

import frappe
from frappe import _
from frappe.utils import cint, getdate, now_datetime, nowdate

from agency_service.guard import controlled_change, in_controlled_change, refuse_uncontrolled_changes
from agency_service.scorecard.recompute import period_of, scorecard_name
from agency_service.scorecard.scoring import classify_change, needs_signoff
from agency_service.scorecard.settings import (
	APPLIED,
	AWAITING,
	BY_HAND,
	REJECTED,
	SCORECARD,
	TIER_CHANGE,
	TIER_CHANGE_COMPUTED_FIELDS,
	TIER_CHANGE_PURPOSE,
	TierChangeError,
)
from agency_service.visits.dates import update_visit_dates

# --- tier changes ----------------------------------------------------------------------------------


def prepare_tier_change(change):
	"""Client Tier Change.validate: work out the change from the client's current state."""
	if not change.is_new():
		refuse_uncontrolled_changes(change, ("customer", "new_tier", "reason", *TIER_CHANGE_COMPUTED_FIELDS))
		return
	if not in_controlled_change():
		# made by a person in the desk or through the REST API: the computed fields are ours to set
		for fieldname in TIER_CHANGE_COMPUTED_FIELDS:
			change.set(fieldname, None)
		change.source = BY_HAND
	if not (change.reason or "").strip():
		throw_tier_error(_("Give a reason for the tier change."))
	client = frappe.db.get_value(
		"Customer",
		change.customer,
		["name", "client_tier", "tier_locked", "tier_score", "account_director", "disabled"],
		as_dict=True,
		for_update=True,
	)
	if not client:
		throw_tier_error(_("Client {0} does not exist.").format(frappe.bold(change.customer)))
	if client.disabled:
		throw_tier_error(_("Client {0} is disabled.").format(frappe.bold(change.customer)))
	new = frappe.db.get_value("Client Tier", change.new_tier, ["name", "rank"], as_dict=True)
	if not new:
		throw_tier_error(_("Client tier {0} does not exist.").format(frappe.bold(change.new_tier)))
	if change.new_tier == client.client_tier:
		throw_tier_error(
			_("{0} is already in tier {1}.").format(
				frappe.bold(change.customer), frappe.bold(_(change.new_tier))
			)
		)
	if frappe.db.exists(TIER_CHANGE, {"customer": change.customer, "status": AWAITING}):
		throw_tier_error(
			_("A tier change of {0} is already waiting for approval.").format(frappe.bold(change.customer))
		)
	old_rank = frappe.db.get_value("Client Tier", client.client_tier, "rank") if client.client_tier else None
	change.old_tier = client.client_tier
	change.change_type = classify_change(
		None if old_rank is None else cint(old_rank), cint(new.rank), bool(client.tier_locked)
	)
	change.score = client.tier_score
	if not change.period:
		change.period = period_of(nowdate())
	card = scorecard_name(change.customer, change.period)
	change.scorecard = card if frappe.db.exists(SCORECARD, card) else None
	change.requested_by_account_director = int(
		bool(client.account_director) and client.account_director == frappe.session.user
	)
	if needs_signoff(change.change_type) and not client.account_director:
		throw_tier_error(
			_("{0} has no account director to approve a {1}. Set the account director first.").format(
				frappe.bold(change.customer), _(change.change_type).lower()
			)
		)
	change.status = AWAITING if needs_signoff(change.change_type) else APPLIED


def after_tier_change_insert(change):
	"""Apply an upgrade or a first tier at once; send a downgrade or a locked-tier override to sign-off."""
	from agency_service.signoff.engine import submit_for_signoff

	if needs_signoff(change.change_type):
		submit_for_signoff(change, TIER_CHANGE_PURPOSE)
	else:
		apply_tier_change(change)


def apply_tier_change(change):
	now = now_datetime()
	with controlled_change():
		frappe.db.set_value(
			"Customer",
			change.customer,
			{"client_tier": change.new_tier, "tier_date": getdate(now)},
		)
		change.db_set({"status": APPLIED, "applied_on": now}, notify=True)
	update_visit_dates([change.customer])
	frappe.get_doc("Customer", change.customer).add_comment(
		"Info",
		_("Tier changed from {0} to {1} ({2}): {3}").format(
			_(change.old_tier or "") or "—", _(change.new_tier), _(change.change_type), change.reason
		),
	)


def on_tier_change_signed_off(change, purpose: str):
	if purpose == TIER_CHANGE_PURPOSE:
		apply_tier_change(change)


def on_tier_change_rejected(change, purpose: str, reason: str):
	if purpose == TIER_CHANGE_PURPOSE:
		with controlled_change():
			change.db_set({"status": REJECTED, "rejection_reason": reason}, notify=True)


def throw_tier_error(message: str):
	frappe.throw(message, title=_("Tier Change Not Possible"), exc=TierChangeError)


def refuse_tier_change_deletion(change):
	frappe.throw(
		_("Tier changes are the client's tier history and cannot be deleted."),
		title=_("Not Allowed"),
		exc=TierChangeError,
	)
