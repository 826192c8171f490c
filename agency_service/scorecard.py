"""Client scorecard and tiers (客户评分 / 客户分级, seed 001 §6.1, DESIGN §1).

Criteria, each turned into 0–100 points by a formula shown on every scorecard line:

* **Cooperation Value** — net billed revenue of the trailing 12 months in company currency: submitted
  Sales Invoices' ``base_net_total``, credit notes subtracting, cancelled invoices ignored.
  ``points = min(100, revenue ÷ revenue_for_full_score × 100)``.
* **Profit Margin** — from ERPNext Project costing (not invoice item margins: an agency's services have
  no valuation rate): Σ gross margin ÷ Σ billed amount of the client's projects with billed amounts,
  where gross margin = billed − (timesheet costing + purchase cost + consumed material).
  ``points = clamp(margin % ÷ margin_for_full_score × 100)``; no billed project → no data.
* **Growth Potential**, **Strategic Fit** — 1–5 set by the account director on the client;
  ``points = (rating − 1) × 25``; not rated → no data.
* **Cooperation Stability** — the mean of tenure points ``min(100, years ÷ tenure_for_full × 100)``
  (years since *Cooperating Since*, else the first submitted invoice) and punctuality points
  ``max(0, 100 − average days late ÷ days_late_for_zero × 100)``, where average days late is the
  amount-weighted days between an invoice's due date and each payment allocated to it in the Payment
  Ledger (payments of the last 12 months; early payment counts as 0).
* **Client Risk** — the mean of the parts that have data: overdue receivables
  ``max(0, 100 − overdue ÷ revenue ÷ overdue_share_for_zero × 100)``, credit rating (A 100, B 75, C 40,
  D 0), complaints of the last 12 months ``max(0, 100 − complaints × points_lost_per_complaint)``
  (only once the *Client Complaint* doctype exists).
* **Client Satisfaction** — CSAT of the last 12 months' survey answers (share of 4–5 ratings); no
  answer → no data.

score = Σ weight × points ÷ Σ weight, over the criteria with data: a criterion whose data source is
absent weighs zero. The suggested tier is the highest-ranked Client Tier whose minimum score the score
reaches.

Tiers: ``recompute_scorecards`` (monthly on the long queue, or from the desk with a progress bar) stores
one **Client Scorecard** per client and month with its breakdown — a re-run of the same month replaces
it with identical names and values. An upgrade (or a first tier) is applied at once; a downgrade opens
a **Client Tier Change** that the client's account director signs off through the sign-off engine; a
locked tier is never changed by the job. A change by hand (Change Tier on the client, or a Client Tier
Change made in the desk or REST API) follows the same rules, and overriding a locked tier also needs the
sign-off. Every applied change is a Client Tier Change: the tier history.
"""

import hashlib
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.query_builder import Case, CustomFunction, DocType
from frappe.query_builder.functions import Count, Max, Min, Sum
from frappe.utils import add_days, cint, flt, getdate, now_datetime, nowdate

from agency_service.bulk import bulk_insert_rows, reserve_series_names
from agency_service.guard import controlled_change, in_controlled_change, refuse_uncontrolled_changes
from agency_service.job_lock import runs_alone

SETTINGS = "Scorecard and Receivables Settings"
SCORECARD = "Client Scorecard"
TIER_CHANGE = "Client Tier Change"
TIER_CHANGE_PURPOSE = "tier_change"
TIER_CHANGE_SERIES = "TIER-.YYYY.-.#####"
COMPLAINT_DOCTYPE = "Client Complaint"
SCORECARD_INVOICE_INDEX = [
	"customer",
	"docstatus",
	"posting_date",
	"due_date",
	"outstanding_amount",
	"base_net_total",
	"conversion_rate",
]
SCORECARD_LEDGER_INDEX = [
	"party",
	"party_type",
	"against_voucher_type",
	"delinked",
	"posting_date",
	"voucher_type",
	"amount",
	"against_voucher_no",
]
SCORECARD_DUE_DATE_INDEX = ["voucher_no", "voucher_type", "against_voucher_no", "delinked", "due_date"]
TRAILING_DAYS = 365
BATCH = 2000

VALUE, MARGIN, GROWTH, STRATEGIC, STABILITY, RISK, SATISFACTION = (
	"Cooperation Value",
	"Profit Margin",
	"Growth Potential",
	"Strategic Fit",
	"Cooperation Stability",
	"Client Risk",
	"Client Satisfaction",
)
CRITERIA = (VALUE, MARGIN, GROWTH, STRATEGIC, STABILITY, RISK, SATISFACTION)
WEIGHT_FIELDS = {
	VALUE: "weight_value",
	MARGIN: "weight_margin",
	GROWTH: "weight_growth",
	STRATEGIC: "weight_strategic",
	STABILITY: "weight_stability",
	RISK: "weight_risk",
	SATISFACTION: "weight_satisfaction",
}
DEFAULT_SETTINGS = {
	"weight_value": 25,
	"weight_margin": 15,
	"weight_growth": 10,
	"weight_strategic": 10,
	"weight_stability": 15,
	"weight_risk": 15,
	"weight_satisfaction": 10,
	"revenue_for_full_score": 2_000_000,
	"margin_for_full_score": 40,
	"tenure_years_for_full_score": 5,
	"days_late_for_zero": 60,
	"overdue_share_for_zero": 50,
	"points_lost_per_complaint": 20,
}
CREDIT_RATING_POINTS = {"A": 100, "B": 75, "C": 40, "D": 0}

INITIAL, UPGRADE, DOWNGRADE, LOCKED_OVERRIDE = "Initial Tier", "Upgrade", "Downgrade", "Locked Tier Override"
AWAITING, APPLIED, REJECTED = "Awaiting Approval", "Applied", "Rejected"
BY_HAND, BY_SCORECARD = "Requested by Hand", "Monthly Scorecard"
TIER_CHANGE_COMPUTED_FIELDS = (
	"old_tier",
	"change_type",
	"status",
	"source",
	"score",
	"scorecard",
	"period",
	"applied_on",
	"rejection_reason",
	"requested_by_account_director",
)

DateDiff = CustomFunction("DATEDIFF", ["end", "start"])
Greatest = CustomFunction("GREATEST", ["a", "b"])


class TierChangeError(frappe.ValidationError):
	pass


class InvalidScorecardSettingsError(frappe.ValidationError):
	pass


# --- setup ---------------------------------------------------------------------------------------


def get_scorecard_custom_fields() -> dict[str, list[dict]]:
	from agency_service.client_profile import TIER_PERMLEVEL

	return {
		"Customer": [
			{
				"fieldname": "growth_potential",
				"fieldtype": "Int",
				"label": "Growth Potential (1–5)",
				"insert_after": "tier_lock_reason",
				"permlevel": TIER_PERMLEVEL,
				"description": "Scored by the account director: 1 low, 5 high",
			},
			{
				"fieldname": "strategic_fit",
				"fieldtype": "Int",
				"label": "Strategic Fit (1–5)",
				"insert_after": "growth_potential",
				"permlevel": TIER_PERMLEVEL,
				"description": "Scored by the account director: how well the client fits the agency's strategy",
			},
		]
	}


def sync_scorecard_setup():
	"""Idempotent: the director's ratings on Customer, receivables defaults, unique keys."""
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	from agency_service.receivables import sync_receivables_setup

	create_custom_fields(get_scorecard_custom_fields(), ignore_validate=True, update=True)
	sync_receivables_setup()
	frappe.db.add_unique(
		"Receivables Reminder",
		["customer", "reminder_level", "state_key"],
		constraint_name="unique_reminder_per_state",
	)
	frappe.db.add_index(TIER_CHANGE, ["customer", "status"])
	# Covering indexes for the scorecard's per-client sums: a Sales Invoice row is several kilobytes wide,
	# so reading revenue, overdue amounts and payments from the indexes alone is what keeps a recompute of
	# 10,000 clients and 500,000 invoices within a minute.
	frappe.db.add_index("Sales Invoice", SCORECARD_INVOICE_INDEX, "agency_scorecard_index")
	frappe.db.add_index("Payment Ledger Entry", SCORECARD_LEDGER_INDEX, "agency_scorecard_index")
	frappe.db.add_index("Payment Ledger Entry", SCORECARD_DUE_DATE_INDEX, "agency_scorecard_due_date_index")


def validate_director_ratings(doc, method=None):
	"""Customer.validate: growth potential and strategic fit are 1–5 (or not rated)."""
	for fieldname in ("growth_potential", "strategic_fit"):
		value = cint(doc.get(fieldname))
		if value and not 1 <= value <= 5:
			frappe.throw(
				_("{0} must be between 1 and 5.").format(frappe.bold(_(doc.meta.get_label(fieldname)))),
				title=_("Invalid Rating"),
				exc=frappe.ValidationError,
			)


# --- settings --------------------------------------------------------------------------------------


def get_settings() -> frappe._dict:
	values = frappe.db.get_singles_dict(SETTINGS)
	settings = frappe._dict(DEFAULT_SETTINGS)
	for key in DEFAULT_SETTINGS:
		if values.get(key) not in (None, ""):
			settings[key] = flt(values[key])
	return settings


def validate_settings(doc):
	"""Scorecard and Receivables Settings.validate: weights ≥ 0 with a positive sum, scales positive."""
	weights = [flt(doc.get(fieldname)) for fieldname in WEIGHT_FIELDS.values()]
	if any(w < 0 for w in weights) or not sum(weights):
		frappe.throw(
			_("Criteria weights cannot be negative and at least one must be more than zero."),
			title=_("Invalid Scorecard Settings"),
			exc=InvalidScorecardSettingsError,
		)
	for fieldname in (
		"revenue_for_full_score",
		"margin_for_full_score",
		"tenure_years_for_full_score",
		"days_late_for_zero",
		"overdue_share_for_zero",
	):
		if flt(doc.get(fieldname)) <= 0:
			frappe.throw(
				_("{0} must be more than zero.").format(frappe.bold(_(doc.meta.get_label(fieldname)))),
				title=_("Invalid Scorecard Settings"),
				exc=InvalidScorecardSettingsError,
			)
	if flt(doc.points_lost_per_complaint) < 0:
		frappe.throw(
			_("{0} cannot be negative.").format(
				frappe.bold(_(doc.meta.get_label("points_lost_per_complaint")))
			),
			title=_("Invalid Scorecard Settings"),
			exc=InvalidScorecardSettingsError,
		)


# --- scoring (pure) --------------------------------------------------------------------------------


@dataclass
class ClientFigures:
	"""What the ledgers and the client record say about one client (None: no data)."""

	revenue: float = 0.0
	margin_percent: float | None = None
	growth_potential: int | None = None
	strategic_fit: int | None = None
	tenure_years: float | None = None
	average_days_late: float | None = None
	overdue_amount: float = 0.0
	credit_rating: str | None = None
	complaints: int | None = None
	csat: float | None = None


@dataclass
class CriterionScore:
	criterion: str
	points: float | None  # None: no data, weighs zero
	measured: str
	formula: str
	weight: float = 0.0
	parts: dict = field(default_factory=dict)


def clamp(points: float) -> float:
	return max(0.0, min(100.0, points))


def value_points(revenue: float, full: float) -> float:
	return clamp(revenue / full * 100) if full > 0 else 0.0


def margin_points(margin_percent: float, full_percent: float) -> float:
	return clamp(margin_percent / full_percent * 100) if full_percent > 0 else 0.0


def rating_points(rating: int | None) -> float | None:
	"""A 1–5 rating as points: 1 → 0, 3 → 50, 5 → 100; unrated (0/None) → None."""
	if not rating:
		return None
	return clamp((rating - 1) * 25.0)


def tenure_points(years: float, full_years: float) -> float:
	return clamp(years / full_years * 100) if full_years > 0 else 0.0


def punctuality_points(average_days_late: float, days_for_zero: float) -> float:
	return clamp(100 - max(0.0, average_days_late) / days_for_zero * 100) if days_for_zero > 0 else 0.0


def overdue_points(overdue: float, revenue: float, share_for_zero_percent: float) -> float:
	if overdue <= 0:
		return 100.0
	if revenue <= 0 or share_for_zero_percent <= 0:
		return 0.0
	return clamp(100 - (overdue / revenue) / (share_for_zero_percent / 100) * 100)


def complaint_points(complaints: int, points_per_complaint: float) -> float:
	return clamp(100 - complaints * points_per_complaint)


def mean(values: list[float]) -> float | None:
	values = [v for v in values if v is not None]
	return sum(values) / len(values) if values else None


def score_client(figures: ClientFigures, settings: dict) -> tuple[float, list[CriterionScore]]:
	"""The weighted score (0–100) and each criterion's points, measurement and formula."""
	s = frappe._dict(settings)
	lines = [
		CriterionScore(
			VALUE,
			value_points(figures.revenue, s.revenue_for_full_score),
			_("Net billed revenue (12 months): {0}").format(round(figures.revenue, 2)),
			_("min(100, revenue ÷ {0} × 100)").format(s.revenue_for_full_score),
		),
		CriterionScore(
			MARGIN,
			None
			if figures.margin_percent is None
			else margin_points(figures.margin_percent, s.margin_for_full_score),
			_("Project gross margin: {0} %").format(round(figures.margin_percent, 1))
			if figures.margin_percent is not None
			else _("No project with billed amounts"),
			_("margin % ÷ {0} % × 100, between 0 and 100").format(s.margin_for_full_score),
		),
		CriterionScore(
			GROWTH,
			rating_points(figures.growth_potential),
			_("Rated {0} of 5").format(figures.growth_potential)
			if figures.growth_potential
			else _("Not rated by the account director"),
			_("(rating − 1) × 25"),
		),
		CriterionScore(
			STRATEGIC,
			rating_points(figures.strategic_fit),
			_("Rated {0} of 5").format(figures.strategic_fit)
			if figures.strategic_fit
			else _("Not rated by the account director"),
			_("(rating − 1) × 25"),
		),
		stability_score(figures, s),
		risk_score(figures, s),
		CriterionScore(
			SATISFACTION,
			None if figures.csat is None else clamp(figures.csat),
			_("CSAT (12 months): {0} %").format(round(figures.csat, 1))
			if figures.csat is not None
			else _("No survey answers in 12 months"),
			_("CSAT % (share of 4–5 ratings)"),
		),
	]
	total_weight = weighted = 0.0
	for line in lines:
		line.weight = flt(s.get(WEIGHT_FIELDS[line.criterion])) if line.points is not None else 0.0
		total_weight += line.weight
		weighted += line.weight * (line.points or 0)
	return (round(weighted / total_weight, 1) if total_weight else 0.0), lines


def stability_score(figures: ClientFigures, s) -> CriterionScore:
	tenure = (
		None
		if figures.tenure_years is None
		else tenure_points(figures.tenure_years, s.tenure_years_for_full_score)
	)
	punctual = (
		None
		if figures.average_days_late is None
		else punctuality_points(figures.average_days_late, s.days_late_for_zero)
	)
	measured = []
	if figures.tenure_years is not None:
		measured.append(_("tenure {0} years").format(round(figures.tenure_years, 1)))
	if figures.average_days_late is not None:
		measured.append(_("paid {0} days late on average").format(round(figures.average_days_late, 1)))
	return CriterionScore(
		STABILITY,
		mean([tenure, punctual]),
		", ".join(measured) or _("No invoices or payments yet"),
		_(
			"mean of tenure points min(100, years ÷ {0} × 100) and punctuality points max(0, 100 − days late ÷ {1} × 100)"
		).format(s.tenure_years_for_full_score, s.days_late_for_zero),
	)


def risk_score(figures: ClientFigures, s) -> CriterionScore:
	overdue = overdue_points(figures.overdue_amount, figures.revenue, s.overdue_share_for_zero)
	credit = CREDIT_RATING_POINTS.get(figures.credit_rating or "")
	complaints = (
		None
		if figures.complaints is None
		else complaint_points(figures.complaints, s.points_lost_per_complaint)
	)
	measured = [_("overdue {0}").format(round(figures.overdue_amount, 2))]
	if credit is not None:
		measured.append(_("credit rating {0}").format(figures.credit_rating))
	if complaints is not None:
		measured.append(_("{0} complaints").format(figures.complaints))
	return CriterionScore(
		RISK,
		mean([overdue, credit, complaints]),
		", ".join(measured),
		_(
			"mean of overdue points max(0, 100 − overdue ÷ revenue ÷ {0} % × 100), credit rating points (A 100, B 75, C 40, D 0) and complaint points max(0, 100 − {1} × complaints)"
		).format(s.overdue_share_for_zero, s.points_lost_per_complaint),
	)


def suggest_tier(score: float, tiers: list[dict]) -> str | None:
	"""The highest-ranked tier (lowest rank number) whose minimum score ``score`` reaches."""
	for tier in sorted(tiers, key=lambda t: cint(t["rank"])):
		if score >= flt(tier["min_score"]):
			return tier["name"]
	return None


def classify_change(old_rank: int | None, new_rank: int, locked: bool) -> str:
	if locked:
		return LOCKED_OVERRIDE
	if old_rank is None:
		return INITIAL
	return UPGRADE if new_rank < old_rank else DOWNGRADE


def needs_signoff(change_type: str) -> bool:
	return change_type in (DOWNGRADE, LOCKED_OVERRIDE)


# --- figures from the ledgers (set-based) ----------------------------------------------------------


def client_rows(customers: list[str] | None = None) -> list[frappe._dict]:
	customer = DocType("Customer")
	query = frappe.qb.from_(customer).select(
		customer.name,
		customer.customer_name,
		customer.client_tier,
		customer.tier_locked,
		customer.credit_rating,
		customer.growth_potential,
		customer.strategic_fit,
		customer.cooperating_since,
		customer.account_director,
	)
	query = query.where(customer.disabled == 0)
	if customers is not None:
		query = query.where(customer.name.isin(customers or [""]))
	return query.orderby(customer.name).run(as_dict=True)


def collect_figures(clients: list[frappe._dict], as_of) -> dict[str, ClientFigures]:
	"""One query per source for the whole batch of clients."""
	as_of = getdate(as_of)
	start = add_days(as_of, -TRAILING_DAYS)
	names = [c.name for c in clients]
	revenue = net_revenue(names, start, as_of)
	margins = project_margins(names)
	first_invoice = first_invoice_dates(names)
	lateness = payment_lateness(names, start, as_of)
	overdue = overdue_receivables(names, as_of)
	complaints = complaint_counts(names, start, as_of)
	satisfaction = client_csat(names, start)
	figures = {}
	for c in clients:
		since = c.cooperating_since or first_invoice.get(c.name)
		figures[c.name] = ClientFigures(
			revenue=revenue.get(c.name, 0.0),
			margin_percent=margins.get(c.name),
			growth_potential=cint(c.growth_potential) or None,
			strategic_fit=cint(c.strategic_fit) or None,
			tenure_years=max(0.0, (as_of - getdate(since)).days / 365.25) if since else None,
			average_days_late=lateness.get(c.name),
			overdue_amount=overdue.get(c.name, 0.0),
			credit_rating=c.credit_rating or None,
			complaints=None if complaints is None else complaints.get(c.name, 0),
			csat=satisfaction.get(c.name),
		)
	return figures


def net_revenue(names: list[str], start, as_of) -> dict[str, float]:
	invoice = DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(invoice)
		.select(invoice.customer, Sum(invoice.base_net_total))
		.where(
			(invoice.docstatus == 1)
			& invoice.customer.isin(names)
			& (invoice.posting_date > start)
			& (invoice.posting_date <= as_of)
		)
		.groupby(invoice.customer)
		.run()
	)
	return {customer: flt(total) for customer, total in rows}


def first_invoice_dates(names: list[str]) -> dict:
	invoice = DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(invoice)
		.select(invoice.customer, Min(invoice.posting_date))
		.where((invoice.docstatus == 1) & invoice.customer.isin(names))
		.groupby(invoice.customer)
		.run()
	)
	return dict(rows)


def project_margins(names: list[str]) -> dict[str, float]:
	project = DocType("Project")
	rows = (
		frappe.qb.from_(project)
		.select(project.customer, Sum(project.gross_margin), Sum(project.total_billed_amount))
		.where(
			project.customer.isin(names) & (project.total_billed_amount > 0) & (project.status != "Cancelled")
		)
		.groupby(project.customer)
		.run()
	)
	return {customer: flt(margin) / flt(billed) * 100 for customer, margin, billed in rows if flt(billed)}


def payment_lateness(names: list[str], start, as_of) -> dict[str, float]:
	"""Amount-weighted days between each invoice's due date and the payments allocated to it."""
	# the due date comes from the invoice's own ledger row: no read of the (wide) Sales Invoice rows
	ple, invoice = DocType("Payment Ledger Entry"), DocType("Payment Ledger Entry").as_("invoice_row")
	paid = -ple.amount
	rows = (
		frappe.qb.from_(ple)
		.join(invoice)
		.on(
			(invoice.voucher_no == ple.against_voucher_no)
			& (invoice.voucher_type == "Sales Invoice")
			& (invoice.against_voucher_no == invoice.voucher_no)
			& (invoice.delinked == 0)
		)
		.select(
			ple.party,
			Sum(paid),
			Sum(paid * Greatest(DateDiff(ple.posting_date, invoice.due_date), 0)),
		)
		.where(
			(ple.party_type == "Customer")
			& ple.party.isin(names)
			& (ple.against_voucher_type == "Sales Invoice")
			& (ple.voucher_type != "Sales Invoice")
			& (ple.delinked == 0)
			& (ple.amount < 0)
			& (ple.posting_date > start)
			& (ple.posting_date <= as_of)
		)
		.groupby(ple.party)
		.run()
	)
	return {party: flt(weighted) / flt(amount) for party, amount, weighted in rows if flt(amount)}


def overdue_receivables(names: list[str], as_of) -> dict[str, float]:
	"""Outstanding amounts past their due date, in company currency."""
	invoice = DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(invoice)
		.select(invoice.customer, Sum(invoice.outstanding_amount * invoice.conversion_rate))
		.where(
			(invoice.docstatus == 1)
			& invoice.customer.isin(names)
			& (invoice.outstanding_amount > 0)
			& (invoice.due_date < as_of)
		)
		.groupby(invoice.customer)
		.run()
	)
	return {customer: flt(total) for customer, total in rows}


def complaint_counts(names: list[str], start, as_of) -> dict[str, int] | None:
	"""Complaints received in the period; None while the complaint doctype is not installed."""
	if not frappe.db.table_exists(COMPLAINT_DOCTYPE):
		return None
	complaint = DocType(COMPLAINT_DOCTYPE)
	rows = (
		frappe.qb.from_(complaint)
		.select(complaint.customer, Count("*"))
		.where(
			complaint.customer.isin(names)
			& (complaint.received_at >= start)
			& (complaint.received_at < add_days(as_of, 1))
		)
		.groupby(complaint.customer)
		.run()
	)
	return {customer: int(count) for customer, count in rows}


def client_csat(names: list[str], start) -> dict[str, float]:
	if not frappe.db.table_exists("Survey Response"):
		return {}
	from agency_service.surveys import client_figures

	return {
		customer: figures["csat"]
		for customer, figures in client_figures(names, start).items()
		if figures["csat"] is not None
	}


# --- recompute -------------------------------------------------------------------------------------


def period_of(as_of) -> str:
	return getdate(as_of).strftime("%Y-%m")


def scorecard_name(customer: str, period: str) -> str:
	return f"SC-{period}-{hashlib.sha1(customer.encode()).hexdigest()[:12]}"


def tier_ranks() -> dict[str, dict]:
	return {t.name: t for t in frappe.get_all("Client Tier", fields=["name", "rank", "min_score"])}


@runs_alone
def recompute_scorecards_job(progress: bool = False):
	"""Monthly (``monthly_long``) and from the desk: score every client for the current month."""
	recompute_scorecards(progress=progress)


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
	refresh_visit_dates([client.name for client, *_rest in changes])
	return len(changes)


def refresh_visit_dates(customers: list[str]):
	"""The new tier's visit cadence applies from now on: next visit due = the open visit's due date, else
	last visit held + the tier's cadence (``visits.update_client_visit_dates`` for many clients at once)."""
	if not customers:
		return
	from agency_service.visits import VISIT, next_visit_due

	visit, customer = DocType(VISIT), DocType("Customer")
	last = dict(
		frappe.qb.from_(visit)
		.select(visit.customer, Max(visit.visit_start))
		.where((visit.docstatus == 1) & visit.customer.isin(customers))
		.groupby(visit.customer)
		.run()
	)
	open_due = dict(
		frappe.qb.from_(visit)
		.select(visit.customer, Min(visit.due_date))
		.where((visit.docstatus == 0) & visit.customer.isin(customers))
		.groupby(visit.customer)
		.run()
	)
	cadence = dict(frappe.get_all("Client Tier", fields=["name", "visit_cadence_days"], as_list=True))
	tiers = dict(
		frappe.qb.from_(customer)
		.select(customer.name, customer.client_tier)
		.where(customer.name.isin(customers))
		.run()
	)
	by_date: dict = {}
	for name in customers:
		days = cint(cadence.get(tiers.get(name)))
		due = open_due.get(name) or (
			next_visit_due(getdate(last[name]), days, None) if last.get(name) and days else None
		)
		by_date.setdefault(due, []).append(name)
	for due, names in by_date.items():
		frappe.qb.update(customer).set(customer.next_visit_date, due).where(customer.name.isin(names)).run()


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
	from agency_service.signoff import submit_for_signoff

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
	refresh_visit_dates([change.customer])
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
	refresh_visit_dates([doc.name])


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
		# the job's lock keeps it from running beside the monthly run (or one on another machine)
		recompute_scorecards_job,
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
	name = frappe.db.get_value(SCORECARD, {"customer": customer}, "name", order_by="period desc")
	if not name:
		return None
	return frappe.get_doc(SCORECARD, name).as_dict()


def refuse_tier_change_deletion(change):
	frappe.throw(
		_("Tier changes are the client's tier history and cannot be deleted."),
		title=_("Not Allowed"),
		exc=TierChangeError,
	)
