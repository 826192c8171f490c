"""The scorecard's constants, its settings (criteria weights and scales) and its database setup (unique keys, covering indexes)."""

import frappe
from frappe import _
from frappe.query_builder import CustomFunction
from frappe.utils import cint, flt

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


def sync_scorecard_setup():
	"""Idempotent: the tier-change index and the scorecard's covering indexes."""
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
