"""Demo data for the scorecard and the receivables watch.

The account directors rate their clients' growth potential and strategic fit; last month's and this
month's scorecards are computed from the demo ledgers (upgrades applied, downgrades proposed); the
directors approved most of last month's proposed downgrades and rejected one; and the receivables watch
has sent its reminders (queued in the Demo Outbox). Idempotent: nothing happens once the demo clients
have scorecards.
"""

import frappe
from frappe.query_builder import Case
from frappe.utils import add_days, get_first_day, nowdate

from agency_service.demo.base import demo_customers
from agency_service.receivables import watch
from agency_service.scorecard import recompute, settings
from agency_service.signoff.engine import sign

# tier: (lowest, highest) rating of growth potential and strategic fit
TIER_RATINGS = {
	"Strategic Client": (3, 5),
	"Key Client": (2, 5),
	"Potential Client": (2, 5),
	"Regular Client": (1, 3),
}


def make_scorecard_demo(rng):
	customers = demo_customers()
	names = [c.name for c in customers]
	if not customers or frappe.db.exists(settings.SCORECARD, {"customer": ("in", names)}):
		return
	for customer in customers:
		low, high = TIER_RATINGS.get(customer.client_tier, (1, 5))
		frappe.db.set_value(
			"Customer",
			customer.name,
			{"growth_potential": rng.randint(low, high), "strategic_fit": rng.randint(low, high)},
			update_modified=False,
		)
	last_month = add_days(get_first_day(nowdate()), -1)
	recompute.recompute_scorecards(as_of=last_month, customers=names)
	decide_proposals(rng)
	backdate_tier_changes(recompute.period_of(last_month), last_month)
	recompute.recompute_scorecards(customers=names)
	watch.watch_receivables(customers=names)


def decide_proposals(rng):
	"""The account directors approve most proposed downgrades and keep one client where it is."""
	pending = frappe.get_all(
		settings.TIER_CHANGE,
		filters={"status": settings.AWAITING},
		fields=["name", "customer"],
		order_by="name",
	)
	for index, change in enumerate(pending[: max(len(pending) - 2, 0)]):
		director = frappe.db.get_value("Customer", change.customer, "account_director")
		frappe.set_user(director)
		try:
			if index == 0:
				sign(
					settings.TIER_CHANGE,
					change.name,
					"Rejected",
					comment="客户明年预算将大幅增加，暂不降级。",
				)
			else:
				sign(settings.TIER_CHANGE, change.name, "Approved", comment="同意按评分调整。")
		finally:
			frappe.set_user("Administrator")


def backdate_tier_changes(period: str, on_date):
	"""Last month's tier changes happened last month: the Tier Movement report shows them there."""
	change = frappe.qb.DocType(settings.TIER_CHANGE)
	when = f"{on_date} 18:00:00"
	(
		frappe.qb.update(change)
		.set(change.creation, when)
		.set(change.modified, when)
		.set(change.applied_on, Case().when(change.applied_on.isnotnull(), when).else_(None))
		.where(change.period == period)
		.run()
	)
