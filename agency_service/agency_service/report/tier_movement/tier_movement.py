"""Tier Movement (客户分级变动): upgrades, downgrades and overrides applied per month, with pending and
rejected requests — from the tier history (Client Tier Change)."""

import frappe
from frappe import _, _lt
from frappe.query_builder import DocType
from frappe.utils import add_months, getdate, nowdate

from agency_service.agency_service.report.utils import as_columns, chart, report
from agency_service.scorecard.settings import (
	APPLIED,
	AWAITING,
	DOWNGRADE,
	INITIAL,
	LOCKED_OVERRIDE,
	REJECTED,
	TIER_CHANGE,
	UPGRADE,
)

COLUMNS = {
	"period:Data:100": _lt("Movement Month"),
	"upgrades:Int:120": _lt("Tier Upgrades"),
	"downgrades:Int:120": _lt("Tier Downgrades"),
	"overrides:Int:140": _lt("Locked Tier Overrides"),
	"initial:Int:120": _lt("First Tiers Given"),
	"awaiting:Int:130": _lt("Awaiting Approval"),
	"rejected:Int:140": _lt("Rejected Tier Changes"),
}

COUNTED = (
	("upgrades", UPGRADE, APPLIED),
	("downgrades", DOWNGRADE, APPLIED),
	("overrides", LOCKED_OVERRIDE, APPLIED),
	("initial", INITIAL, APPLIED),
)


@report
def execute(filters):
	to_date = getdate(filters.to_date or nowdate())
	from_date = getdate(filters.from_date or add_months(to_date, -12))
	change = DocType(TIER_CHANGE)
	query = (
		frappe.qb.from_(change)
		.select("creation", "applied_on", "change_type", "status", "new_tier", "old_tier")
		.where((change.creation >= from_date) & (change.creation < frappe.utils.add_days(to_date, 1)))
	)
	if filters.client_tier:
		query = query.where(
			(change.new_tier == filters.client_tier) | (change.old_tier == filters.client_tier)
		)
	months: dict[str, dict] = {}
	for row in query.run(as_dict=True):
		when = getdate(row.applied_on or row.creation)
		month = months.setdefault(when.strftime("%Y-%m"), new_month(when.strftime("%Y-%m")))
		for key, change_type, status in COUNTED:
			if row.change_type == change_type and row.status == status:
				month[key] += 1
		if row.status == AWAITING:
			month["awaiting"] += 1
		elif row.status == REJECTED:
			month["rejected"] += 1
	rows = [months[key] for key in sorted(months)]
	return as_columns(COLUMNS), rows, None, movement_chart(rows), summary(rows)


def new_month(period: str) -> dict:
	counts = (*(key for key, _change_type, _status in COUNTED), "awaiting", "rejected")
	return {"period": period, **dict.fromkeys(counts, 0)}


def movement_chart(rows) -> dict | None:
	series = {
		_("Tier Upgrades"): [r["upgrades"] for r in rows],
		_("Tier Downgrades"): [r["downgrades"] for r in rows],
	}
	return chart([r["period"] for r in rows], series, colors=["#28a745", "#e24c4c"])


def summary(rows) -> list[dict]:
	return [
		{
			"label": _("Tier Upgrades"),
			"value": sum(r["upgrades"] for r in rows),
			"datatype": "Int",
			"indicator": "Green",
		},
		{
			"label": _("Tier Downgrades"),
			"value": sum(r["downgrades"] for r in rows),
			"datatype": "Int",
			"indicator": "Red",
		},
		{
			"label": _("Awaiting Approval"),
			"value": sum(r["awaiting"] for r in rows),
			"datatype": "Int",
			"indicator": "Orange",
		},
	]
