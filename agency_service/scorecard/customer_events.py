"""Customer document events: the tier is changed only through a Client Tier Change, and every change is recorded."""

import frappe
from frappe import _
from frappe.utils import cint, getdate, now_datetime, nowdate

from agency_service.bulk import bulk_insert_rows, reserve_series_names
from agency_service.guard import in_controlled_change, refuse_uncontrolled_changes
from agency_service.scorecard.recompute import period_of, tier_ranks
from agency_service.scorecard.scoring import classify_change, needs_signoff
from agency_service.scorecard.settings import (
	APPLIED,
	BY_HAND,
	DOWNGRADE,
	TIER_CHANGE,
	TIER_CHANGE_SERIES,
	TierChangeError,
	validate_director_ratings,
)
from agency_service.visits.dates import update_visit_dates

# --- the Customer guard (doc_events Customer.validate) --------------------------------------------


def guard_customer_tier(doc, method=None):
	"""A client's tier changes only through a Client Tier Change (which signs off downgrades).

	A plain save may still give a client its first tier or upgrade an unlocked tier — both are applied
	at once anyway — and such a change is written to the tier history. Score and tier date are set by
	the scorecard only."""
	validate_director_ratings(doc)
	if doc.is_new() or in_controlled_change():
		return
	refuse_uncontrolled_changes(doc, ("tier_score", "tier_date"))
	before = doc.get_doc_before_save()
	old, new = (before.client_tier if before else None), doc.client_tier
	if (old or None) == (new or None):
		return
	ranks = {t.name: cint(t.rank) for t in tier_ranks().values()}
	change_type = (
		DOWNGRADE
		if not new
		else classify_change(ranks.get(old) if old else None, ranks[new], bool(before.tier_locked))
	)
	if needs_signoff(change_type):
		frappe.throw(
			_(
				"Lowering the tier of {0} or overriding its locked tier needs the account director's sign-off: use Change Tier on the client."
			).format(frappe.bold(doc.customer_name or doc.name)),
			title=_("Tier Change Needs Approval"),
			exc=TierChangeError,
		)
	doc.tier_date = getdate(nowdate())
	doc.flags.agency_tier_change = (old, new, change_type)


def record_customer_tier_change(doc, method=None):
	"""Customer.on_update: the history row of a first tier or upgrade saved on the client form."""
	if not doc.flags.agency_tier_change:
		return
	old, new, change_type = doc.flags.agency_tier_change
	doc.flags.agency_tier_change = None
	bulk_insert_rows(
		TIER_CHANGE,
		[
			{
				"name": reserve_series_names(TIER_CHANGE_SERIES, 1)[0],
				"customer": doc.name,
				"customer_name": doc.customer_name,
				"old_tier": old,
				"new_tier": new,
				"change_type": change_type,
				"status": APPLIED,
				"source": BY_HAND,
				"reason": _("Set on the client form."),
				"score": doc.tier_score,
				"period": period_of(nowdate()),
				"applied_on": now_datetime(),
				"requested_by_account_director": int(doc.account_director == frappe.session.user),
			}
		],
	)
	update_visit_dates([doc.name])
