"""Pure scoring: a client's figures to points per criterion, a total, a suggested tier and the kind of tier change."""

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import cint, flt

from agency_service.scorecard.settings import (
	CREDIT_RATING_POINTS,
	DOWNGRADE,
	GROWTH,
	INITIAL,
	LOCKED_OVERRIDE,
	MARGIN,
	RISK,
	SATISFACTION,
	STABILITY,
	STRATEGIC,
	UPGRADE,
	VALUE,
	WEIGHT_FIELDS,
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
		director_rating(GROWTH, figures.growth_potential),
		director_rating(STRATEGIC, figures.strategic_fit),
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


def director_rating(criterion: str, rating: int | None) -> CriterionScore:
	"""Growth potential and strategic fit: the account director's 1–5 rating as points."""
	return CriterionScore(
		criterion,
		rating_points(rating),
		_("Rated {0} of 5").format(rating) if rating else _("Not rated by the account director"),
		_("(rating − 1) × 25"),
	)


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
