"""The recompute job (monthly on the long queue, or from the desk with a progress bar): scorecards, upgrades and downgrade sign-offs."""

import hashlib

import frappe
from frappe import _
from frappe.query_builder import Case, DocType
from frappe.utils import cint, getdate, now_datetime, nowdate

from agency_service.bulk import bulk_insert_rows, reserve_series_names
from agency_service.guard import controlled_change
from agency_service.scorecard.figures import client_rows, collect_figures
from agency_service.scorecard.scoring import classify_change, score_client, suggest_tier
from agency_service.scorecard.settings import (
	APPLIED,
	AWAITING,
	BATCH,
	BY_SCORECARD,
	INITIAL,
	REJECTED,
	SCORECARD,
	TIER_CHANGE,
	TIER_CHANGE_SERIES,
	UPGRADE,
	get_settings,
)
from agency_service.visits.dates import update_visit_dates

# --- recompute -------------------------------------------------------------------------------------


def period_of(as_of) -> str:
	return getdate(as_of).strftime("%Y-%m")


def scorecard_name(customer: str, period: str) -> str:
	return f"SC-{period}-{hashlib.sha1(customer.encode()).hexdigest()[:12]}"


def tier_ranks() -> dict[str, dict]:
	return {t.name: t for t in frappe.get_all("Client Tier", fields=["name", "rank", "min_score"])}


def recompute_scorecards_job():
	"""Monthly (``monthly_long``): score every client for the current month."""
	recompute_scorecards()


def recompute_scorecards(
	as_of=None, customers: list[str] | None = None, progress: bool = False, open_signoffs: bool = True
) -> dict:
	"""Score clients (all enabled ones unless ``customers``) for the month of ``as_of``; idempotent.

	Stores each client's scorecard, applies upgrades and first tiers, and proposes downgrades for the
	account director's sign-off (opened here, or left to the caller with ``open_signoffs=False``)."""
	as_of = getdate(as_of or nowdate())
	period = period_of(as_of)
	settings = get_settings()
	tiers = tier_ranks()
	tier_list = list(tiers.values())
	clients = client_rows(customers)
	pending = clients_with_open_changes()
	result = {"period": period, "clients": len(clients), "applied": 0, "proposed": []}
	for start in range(0, len(clients), BATCH):
		batch = clients[start : start + BATCH]
		figures = collect_figures(batch, as_of)
		scored = {}
		for client in batch:
			score, lines = score_client(figures[client.name], settings)
			scored[client.name] = (score, suggest_tier(score, tier_list), lines)
		store_scorecards(batch, figures, scored, period, as_of)
		result["applied"] += apply_upgrades(batch, scored, tiers, period, pending)
		result["proposed"] += downgrades_to_propose(batch, scored, tiers, period, pending)
		if progress:
			done = min(start + BATCH, len(clients))
			frappe.publish_progress(
				done * 100 / max(len(clients), 1),
				title=_("Recomputing client scorecards"),
				description=_("{0} of {1} clients scored").format(done, len(clients)),
			)
	if open_signoffs:
		result["signoffs"] = open_downgrade_signoffs(result["proposed"])
	return result


def store_scorecards(batch, figures, scored, period: str, as_of):
	names = {c.name: scorecard_name(c.name, period) for c in batch}
	scorecard, line = DocType(SCORECARD), DocType("Client Scorecard Criterion")
	frappe.qb.from_(line).delete().where(line.parent.isin(list(names.values()))).run()
	frappe.qb.from_(scorecard).delete().where(scorecard.name.isin(list(names.values()))).run()
	cards, lines = [], []
	for client in batch:
		score, suggested, criteria = scored[client.name]
		f = figures[client.name]
		name = names[client.name]
		cards.append(
			{
				"name": name,
				"customer": client.name,
				"customer_name": client.customer_name,
				"period": period,
				"scored_on": as_of,
				"score": score,
				"current_tier": client.client_tier,
				"suggested_tier": suggested,
				"tier_locked": cint(client.tier_locked),
				"net_revenue": f.revenue,
				"margin_percent": f.margin_percent or 0,
				"tenure_years": f.tenure_years or 0,
				"average_days_late": f.average_days_late or 0,
				"overdue_amount": f.overdue_amount,
				"complaint_count": f.complaints or 0,
				"csat": f.csat or 0,
			}
		)
		for idx, c in enumerate(criteria, start=1):
			lines.append(
				{
					"name": f"{name}-{idx}",
					"parent": name,
					"parenttype": SCORECARD,
					"parentfield": "criteria",
					"idx": idx,
					"criterion": c.criterion,
					"measured": c.measured[:140],
					"points": round(c.points or 0, 1),
					"weight": c.weight,
					"weighted_points": round(c.weight * (c.points or 0), 2),
					"data_available": 0 if c.points is None else 1,
					"formula": c.formula,
				}
			)
	bulk_insert_rows(SCORECARD, cards)
	bulk_insert_rows("Client Scorecard Criterion", lines)
	customer = DocType("Customer")
	scores = {c.name: scored[c.name][0] for c in batch}
	case = Case()
	for name, score in scores.items():
		case = case.when(customer.name == name, score)
	frappe.qb.update(customer).set(customer.tier_score, case).where(customer.name.isin(list(scores))).run()


def clients_with_open_changes() -> set[str]:
	return set(frappe.get_all(TIER_CHANGE, filters={"status": AWAITING}, pluck="customer"))


def apply_upgrades(batch, scored, tiers, period: str, pending: set[str]) -> int:
	"""First tiers and upgrades of unlocked clients, applied at once in bulk, each recorded in the history."""
	changes = []
	for client in batch:
		score, suggested, _lines = scored[client.name]
		if not suggested or suggested == client.client_tier or client.tier_locked or client.name in pending:
			continue
		old = tiers.get(client.client_tier)
		change_type = classify_change(
			cint(old["rank"]) if old else None, cint(tiers[suggested]["rank"]), False
		)
		if change_type in (UPGRADE, INITIAL):
			changes.append((client, suggested, score, change_type))
	if not changes:
		return 0
	now = now_datetime()
	names = reserve_series_names(TIER_CHANGE_SERIES, len(changes))
	rows = []
	for name, (client, suggested, score, change_type) in zip(names, changes, strict=True):
		rows.append(
			{
				"name": name,
				"customer": client.name,
				"customer_name": client.customer_name,
				"old_tier": client.client_tier,
				"new_tier": suggested,
				"change_type": change_type,
				"status": APPLIED,
				"source": BY_SCORECARD,
				"reason": _("Score {0} reaches the minimum score of {1}.").format(score, _(suggested)),
				"score": score,
				"scorecard": scorecard_name(client.name, period),
				"period": period,
				"applied_on": now,
				"requested_by_account_director": 0,
			}
		)
	bulk_insert_rows(TIER_CHANGE, rows)
	customer = DocType("Customer")
	by_tier: dict[str, list[str]] = {}
	for client, suggested, _score, _type in changes:
		by_tier.setdefault(suggested, []).append(client.name)
	for tier, customers in by_tier.items():
		(
			frappe.qb.update(customer)
			.set(customer.client_tier, tier)
			.set(customer.tier_date, getdate(now))
			.where(customer.name.isin(customers))
			.run()
		)
	update_visit_dates([client.name for client, *_rest in changes])
	return len(changes)


def downgrades_to_propose(batch, scored, tiers, period: str, pending: set[str]) -> list[dict]:
	"""Downgrades the score suggests for unlocked clients with an account director, not yet proposed."""
	proposals = []
	rejected = set(
		frappe.get_all(
			TIER_CHANGE,
			filters={"period": period, "status": REJECTED, "source": BY_SCORECARD},
			pluck="customer",
		)
	)
	for client in batch:
		score, suggested, _lines = scored[client.name]
		if (
			not suggested
			or not client.client_tier
			or suggested == client.client_tier
			or client.tier_locked
			or not client.account_director
			or client.name in pending
			or client.name in rejected
		):
			continue
		old = tiers.get(client.client_tier)
		if old and cint(tiers[suggested]["rank"]) > cint(old["rank"]):
			proposals.append(
				{"customer": client.name, "new_tier": suggested, "score": score, "period": period}
			)
	return proposals


def open_downgrade_signoffs(proposals: list[dict]) -> int:
	"""One Client Tier Change per proposed downgrade, each submitted to the account director's sign-off.

	A proposal that cannot be opened (e.g. nobody may sign) is logged and the others go on."""
	opened = 0
	for proposal in proposals:
		frappe.db.savepoint("tier_proposal")
		try:
			with controlled_change():
				change = frappe.get_doc(
					{
						"doctype": TIER_CHANGE,
						"customer": proposal["customer"],
						"new_tier": proposal["new_tier"],
						"source": BY_SCORECARD,
						"period": proposal["period"],
						"reason": _(
							"The monthly scorecard gives {0} points, below the tier's minimum score."
						).format(proposal["score"]),
					}
				)
				change.insert(ignore_permissions=True)
			opened += 1
		except frappe.ValidationError:
			frappe.db.rollback(save_point="tier_proposal")
			frappe.log_error(
				title=_("Tier downgrade not proposed"),
				reference_doctype="Customer",
				reference_name=proposal["customer"],
			)
	return opened
