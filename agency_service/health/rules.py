"""The health score of one client from its signals: pure rules, no database.

A client starts at 100 points; each signal that shows trouble takes points off, and says why:

=========================  ===================================================================  ======
signal                     when                                                                 points
=========================  ===================================================================  ======
revenue trend              revenue of the last 12 months fell ≥ 50 % (≥ 20 %) against the        25 (15)
                           12 months before
satisfaction trend         CSAT of the last 180 days below 60 %, else fallen ≥ 10 points          15 (10)
                           against the 180 days before; NPS below 0, else fallen ≥ 20 points     +10 (+5)
overdue visits             planned visits whose date has passed, 10 each                         ≤ 20
complaints                 complaints received in the last 90 days: 1 / 2 / 3 or more             5/10/20
overdue receivables        any overdue invoice (more than 90 days past due)                      10 (20)
no contact                 no completed visit for longer than the tier's visit cadence, or none  15
=========================  ===================================================================  ======

A score below ``AT_RISK_BELOW`` puts the client at risk; below ``WATCH_BELOW`` it is worth watching.
"""

from dataclasses import dataclass

from frappe import _

AT_RISK_BELOW = 60
WATCH_BELOW = 75
FULL_HEALTH = 100.0
DEFAULT_CADENCE_DAYS = 90

REVENUE, SATISFACTION, VISITS, COMPLAINTS, RECEIVABLES, CONTACT = (
	"revenue_points",
	"satisfaction_points",
	"visit_points",
	"complaint_points",
	"receivable_points",
	"contact_points",
)
SIGNALS = (REVENUE, SATISFACTION, VISITS, COMPLAINTS, RECEIVABLES, CONTACT)


@dataclass
class HealthSignals:
	revenue_this_year: float = 0.0
	revenue_last_year: float = 0.0
	csat_recent: float | None = None
	csat_previous: float | None = None
	nps_recent: float | None = None
	nps_previous: float | None = None
	overdue_visits: int = 0
	complaints_90_days: int = 0
	overdue_amount: float = 0.0
	oldest_overdue_days: int = 0
	days_since_contact: int | None = None  # None: no completed visit at all
	cadence_days: int | None = None


def revenue_deduction(s: HealthSignals) -> tuple[float, list[str]]:
	if s.revenue_last_year <= 0:
		return 0.0, []
	drop = round(100.0 * (s.revenue_last_year - s.revenue_this_year) / s.revenue_last_year, 1)
	if drop < 20:
		return 0.0, []
	reason = _("Revenue of the last 12 months fell {0}% against the 12 months before.").format(drop)
	return (25.0 if drop >= 50 else 15.0), [reason]


def trend_deduction(
	recent, previous, floor, fall, points, low_reason, fall_reason
) -> tuple[float, str | None]:
	"""``points[0]`` when ``recent`` is below ``floor``, else ``points[1]`` when it fell by ``fall`` or more."""
	if recent is None:
		return 0.0, None
	if recent < floor:
		return points[0], low_reason.format(round(recent, 1))
	if previous is not None and previous - recent >= fall:
		return points[1], fall_reason.format(round(previous, 1), round(recent, 1))
	return 0.0, None


def satisfaction_deduction(s: HealthSignals) -> tuple[float, list[str]]:
	csat = trend_deduction(
		s.csat_recent,
		s.csat_previous,
		60,
		10,
		(15.0, 10.0),
		_("CSAT of the last 180 days is {0}%, below 60%."),
		_("CSAT fell from {0}% to {1}%."),
	)
	nps = trend_deduction(
		s.nps_recent,
		s.nps_previous,
		0,
		20,
		(10.0, 5.0),
		_("NPS of the last 180 days is {0}, below zero."),
		_("NPS fell from {0} to {1}."),
	)
	return csat[0] + nps[0], [reason for _points, reason in (csat, nps) if reason]


def visit_deduction(s: HealthSignals) -> tuple[float, list[str]]:
	if s.overdue_visits <= 0:
		return 0.0, []
	return min(20.0, 10.0 * s.overdue_visits), [_("{0} planned visits are overdue.").format(s.overdue_visits)]


def complaint_deduction(s: HealthSignals) -> tuple[float, list[str]]:
	n = s.complaints_90_days
	if n <= 0:
		return 0.0, []
	points = 20.0 if n >= 3 else (10.0 if n == 2 else 5.0)
	return points, [_("{0} complaints in the last 90 days.").format(n)]


def receivable_deduction(s: HealthSignals) -> tuple[float, list[str]]:
	if s.overdue_amount <= 0:
		return 0.0, []
	reason = _("{0} of receivables overdue, the oldest {1} days past due.").format(
		f"{s.overdue_amount:,.2f}", s.oldest_overdue_days
	)
	return (20.0 if s.oldest_overdue_days > 90 else 10.0), [reason]


def contact_deduction(s: HealthSignals) -> tuple[float, list[str]]:
	cadence = s.cadence_days or DEFAULT_CADENCE_DAYS
	if s.days_since_contact is None:
		return 15.0, [_("No completed visit on record.")]
	if s.days_since_contact > cadence:
		return 15.0, [
			_("No contact for {0} days; the tier expects one every {1} days.").format(
				s.days_since_contact, cadence
			)
		]
	return 0.0, []


DEDUCTIONS = {
	REVENUE: revenue_deduction,
	SATISFACTION: satisfaction_deduction,
	VISITS: visit_deduction,
	COMPLAINTS: complaint_deduction,
	RECEIVABLES: receivable_deduction,
	CONTACT: contact_deduction,
}


def health_score(s: HealthSignals) -> tuple[float, dict[str, float], list[str]]:
	"""(score, points taken off per signal, reasons)."""
	points, reasons = {}, []
	for signal, deduction in DEDUCTIONS.items():
		points[signal], why = deduction(s)
		reasons += why
	return max(0.0, FULL_HEALTH - sum(points.values())), points, reasons


def is_at_risk(score: float) -> bool:
	return score < AT_RISK_BELOW


def indicator(score: float, at_risk: bool) -> str:
	"""The desk colour of a health score: red at risk, orange to watch, green healthy."""
	return "red" if at_risk else "orange" if score < WATCH_BELOW else "green"
