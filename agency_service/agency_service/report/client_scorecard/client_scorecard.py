"""Client Scorecard (客户评分表): each client's score for a month, its points per criterion, and the tier
the score suggests beside the tier the client has now — why a client is where it is."""

import frappe
from frappe import _, _lt
from frappe.query_builder import DocType

from agency_service.agency_service.report.utils import as_columns, chart, report
from agency_service.clients.profile import with_client
from agency_service.scorecard.settings import CRITERIA, SCORECARD

CRITERION_FIELDS = {criterion: criterion.lower().replace(" ", "_") for criterion in CRITERIA}
CLIENT_FIELDS = ("account_director", "account_manager", "industry")  # shown, and each a filter

COLUMNS = {
	"customer:Link/Customer:160": _lt("Client"),
	"customer_name:Data:180": _lt("Client Name"),
	"industry:Link/Industry Type:120": _lt("Industry"),
	"score:Float:100": _lt("Client Score"),
	"current_tier:Link/Client Tier:130": _lt("Current Tier"),
	"suggested_tier:Link/Client Tier:130": _lt("Suggested Tier"),
	"tier_difference:Data:110": _lt("Suggested vs Current"),
	"tier_locked:Check:80": _lt("Tier Locked"),
	**{f"{fieldname}:Float:110": _lt(criterion) for criterion, fieldname in CRITERION_FIELDS.items()},
	"account_director:Link/User:150": _lt("Account Director"),
	f"scorecard:Link/{SCORECARD}:160": _lt("Client Scorecard"),
}


@report
def execute(filters):
	period = filters.period or latest_period()
	rows = scorecard_rows(period, filters) if period else []
	return as_columns(COLUMNS), rows, None, tier_chart(rows), summary(rows)


def latest_period() -> str | None:
	card = DocType(SCORECARD)
	result = frappe.qb.from_(card).select(frappe.qb.functions("MAX", card.period)).run()
	return result[0][0] if result else None


def scorecard_rows(period: str, filters) -> list[dict]:
	card, line = DocType(SCORECARD), DocType("Client Scorecard Criterion")
	query, customer = with_client(card)
	query = (
		query.select(
			card.name.as_("scorecard"), card.customer, card.customer_name, card.score, card.suggested_tier
		)
		.select(customer.client_tier.as_("current_tier"), customer.tier_locked)
		.select(*(customer[field] for field in CLIENT_FIELDS))
		.where(card.period == period)
		.orderby(card.score, order=frappe.qb.desc)
	)
	if filters.customer:
		query = query.where(card.customer == filters.customer)
	for field in ("client_tier", *CLIENT_FIELDS):
		if filters.get(field):
			query = query.where(customer[field] == filters.get(field))
	rows = query.run(as_dict=True)
	if filters.only_tier_differences:
		rows = [r for r in rows if r.suggested_tier != r.current_tier]
	if not rows:
		return []
	points = (
		frappe.qb.from_(line)
		.select(line.parent, line.criterion, line.points, line.data_available)
		.where(line.parent.isin([r.scorecard for r in rows]))
		.run(as_dict=True)
	)
	by_card: dict[str, dict] = {}
	for p in points:
		# a criterion without data weighs zero: shown empty, not as 0 points
		by_card.setdefault(p.parent, {})[CRITERION_FIELDS[p.criterion]] = (
			p.points if p.data_available else None
		)
	for row in rows:
		row.update(by_card.get(row.scorecard, {}))
		row.tier_difference = _("Matches") if row.suggested_tier == row.current_tier else _("Differs")
	return rows


def tier_chart(rows) -> dict | None:
	counts: dict[str, int] = {}
	for row in rows:
		label = _(row.suggested_tier) if row.suggested_tier else _("No Tier")
		counts[label] = counts.get(label, 0) + 1
	return chart(list(counts), {_("Clients"): list(counts.values())})


def summary(rows) -> list[dict]:
	if not rows:
		return []
	differs = sum(1 for r in rows if r.suggested_tier != r.current_tier)
	return [
		{"label": _("Clients Scored"), "value": len(rows), "datatype": "Int"},
		{
			"label": _("Average Client Score"),
			"value": round(sum(r.score for r in rows) / len(rows), 1),
			"datatype": "Float",
		},
		{
			"label": _("Suggested Tier Differs"),
			"value": differs,
			"datatype": "Int",
			"indicator": "Orange" if differs else "Green",
		},
	]
