"""The daily health job (``daily_long``): every client's health score, stored with its signals and
reasons in Client Health (one record per client, replaced each day), set-based in batches.

A client whose score falls below the at-risk line is reported once to its account manager and, for a
tier that requires director-level contact (strategic clients), to its account director — in one digest
per person. The alert is not repeated while the client stays at risk; once it recovers, a later fall
alerts again."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import getdate, nowdate

from agency_service.bulk import bulk_insert_rows
from agency_service.health.rules import AT_RISK_BELOW, SIGNALS, health_score, is_at_risk
from agency_service.health.signals import collect_signals
from agency_service.job_lock import runs_alone
from agency_service.notify import send_digests
from agency_service.scorecard.figures import client_rows

HEALTH = "Client Health"
BATCH = 2_000


@runs_alone
def compute_health_job():
	compute_health()


def tier_policies() -> dict[str, frappe._dict]:
	return {
		t.name: t
		for t in frappe.get_all(
			"Client Tier", fields=["name", "visit_cadence_days", "director_contact_required"]
		)
	}


def compute_health(as_of=None, customers: list[str] | None = None) -> dict:
	"""Score clients (all enabled ones unless ``customers``) as of ``as_of``; idempotent for a day."""
	as_of = getdate(as_of or nowdate())
	tiers = tier_policies()
	cadences = {name: t.visit_cadence_days for name, t in tiers.items()}
	clients = client_rows(customers, extra_fields=("account_manager",))
	result = {"clients": len(clients), "at_risk": 0, "alerted": 0}
	digests: dict[str, list] = {}
	for start in range(0, len(clients), BATCH):
		batch = clients[start : start + BATCH]
		signals = collect_signals(batch, as_of, cadences)
		previous = previous_state([c.name for c in batch])
		rows = []
		for client in batch:
			row, alert = health_row(client, signals[client.name], previous.get(client.name), as_of)
			rows.append(row)
			result["at_risk"] += row["at_risk"]
			if alert:
				result["alerted"] += 1
				for user in alert_recipients(client, tiers.get(client.client_tier)):
					digests.setdefault(user, []).append((HEALTH, client.name, alert_text(client, row)))
		store(rows)
	send_digests(
		digests,
		lambda count: _("{0} clients have fallen below the health line of {1}").format(count, AT_RISK_BELOW),
		_("and {0} more at-risk clients: see the Client Health list"),
	)
	return result


def previous_state(names: list[str]) -> dict[str, frappe._dict]:
	health = DocType(HEALTH)
	rows = (
		frappe.qb.from_(health)
		.select(health.customer, health.at_risk, health.alerted, health.at_risk_since)
		.where(health.customer.isin(names or [""]))
		.run(as_dict=True)
	)
	return {row.customer: row for row in rows}


def health_row(client, signals, before, as_of) -> tuple[dict, bool]:
	"""The stored row of ``client`` and whether its at-risk alert goes out now (once until recovery)."""
	score, points, reasons = health_score(signals)
	at_risk = is_at_risk(score)
	already = bool(before and before.at_risk and before.alerted)
	alert = at_risk and not already
	row = {
		"name": client.name,
		"customer": client.name,
		"customer_name": client.customer_name,
		"client_tier": client.client_tier,
		"account_manager": client.account_manager,
		"account_director": client.account_director,
		"scored_on": as_of,
		"score": round(score, 1),
		"at_risk": int(at_risk),
		"alerted": int(at_risk),
		"at_risk_since": ((before.at_risk_since if before and before.at_risk else None) or as_of)
		if at_risk
		else None,
		"reasons": "\n".join(reasons),
		"revenue_this_year": signals.revenue_this_year,
		"revenue_last_year": signals.revenue_last_year,
		# Float columns hold no NULL: no survey reads as 0, and no reason is given for it
		"csat_recent": signals.csat_recent or 0,
		"csat_previous": signals.csat_previous or 0,
		"nps_recent": signals.nps_recent or 0,
		"nps_previous": signals.nps_previous or 0,
		"overdue_visits": signals.overdue_visits,
		"complaints_90_days": signals.complaints_90_days,
		"overdue_amount": signals.overdue_amount,
		"oldest_overdue_days": signals.oldest_overdue_days,
		"days_since_contact": signals.days_since_contact or 0,
		**{signal: points[signal] for signal in SIGNALS},
	}
	return row, alert


def alert_recipients(client, tier) -> list[str]:
	users = [client.account_manager or client.account_director]
	if tier and tier.director_contact_required:
		users.append(client.account_director)
	return list(dict.fromkeys(u for u in users if u))


def alert_text(client, row):
	return lambda: _("{0}: health {1}. {2}").format(
		client.customer_name, row["score"], row["reasons"].replace("\n", " ")
	)


def store(rows: list[dict]):
	health = DocType(HEALTH)
	frappe.qb.from_(health).delete().where(health.name.isin([r["name"] for r in rows] or [""])).run()
	bulk_insert_rows(HEALTH, rows)
