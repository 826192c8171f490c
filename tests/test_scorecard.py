"""Client scorecard: criteria from real ledgers, weights and thresholds, tiers and their sign-off."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from agency_service.api import scorecard
from agency_service.scorecard import recompute as sc_recompute
from agency_service.scorecard import settings as sc_settings
from agency_service.scorecard.scoring import ClientFigures, score_client, suggest_tier
from agency_service.signoff.engine import sign
from tests.factories import make_client, make_user
from tests.scorecard_factories import (  # noqa: F401 (fresh_fiscal_years: an autouse fixture)
	credit_note,
	days_ago,
	directed_client,
	figures_of,
	foreign_currency_client,
	fresh_fiscal_years,
	lines_of,
	make_invoice,
	make_project,
	pay,
	purchase_for_project,
	set_settings,
)

SETTINGS = sc_settings.DEFAULT_SETTINGS
TIERS = [
	{"name": "Strategic Client", "rank": 1, "min_score": 80},
	{"name": "Key Client", "rank": 2, "min_score": 60},
	{"name": "Potential Client", "rank": 3, "min_score": 40},
	{"name": "Regular Client", "rank": 4, "min_score": 0},
]


# --- pure scoring ----------------------------------------------------------------------------------


def test_absent_criteria_weigh_zero_and_the_rest_are_reweighted():
	score, lines = score_client(ClientFigures(revenue=1_000_000), SETTINGS)
	by = {line.criterion: line for line in lines}
	assert by[sc_settings.VALUE].points == 50
	assert by[sc_settings.RISK].points == 100  # nothing overdue, no rating, no complaint data
	for absent in (
		sc_settings.MARGIN,
		sc_settings.GROWTH,
		sc_settings.STRATEGIC,
		sc_settings.STABILITY,
		sc_settings.SATISFACTION,
	):
		assert by[absent].points is None and by[absent].weight == 0
	assert score == round((25 * 50 + 15 * 100) / 40, 1)


def test_every_criterion_has_points_and_a_formula():
	figures = ClientFigures(
		revenue=4_000_000,
		margin_percent=20,
		growth_potential=5,
		strategic_fit=1,
		tenure_years=2.5,
		average_days_late=15,
		overdue_amount=400_000,
		credit_rating="B",
		complaints=1,
		csat=80,
	)
	score, lines = score_client(figures, SETTINGS)
	points = {line.criterion: line.points for line in lines}
	assert points == {
		sc_settings.VALUE: 100,
		sc_settings.MARGIN: 50,
		sc_settings.GROWTH: 100,
		sc_settings.STRATEGIC: 0,
		sc_settings.STABILITY: (50 + 75) / 2,
		sc_settings.RISK: (80 + 75 + 80) / 3,
		sc_settings.SATISFACTION: 80,
	}
	assert all(line.formula for line in lines)
	expected = sum(points[c] * SETTINGS[sc_settings.WEIGHT_FIELDS[c]] for c in points) / 100
	assert score == round(expected, 1)


def test_weights_change_the_score():
	figures = ClientFigures(revenue=2_000_000, csat=0)
	value_heavy, _lines = score_client(figures, {**SETTINGS, "weight_value": 90, "weight_satisfaction": 10})
	csat_heavy, _lines = score_client(figures, {**SETTINGS, "weight_value": 10, "weight_satisfaction": 90})
	assert value_heavy > csat_heavy


def test_suggested_tier_follows_the_thresholds():
	assert suggest_tier(85, TIERS) == "Strategic Client"
	assert suggest_tier(80, TIERS) == "Strategic Client"
	assert suggest_tier(79.9, TIERS) == "Key Client"
	assert suggest_tier(10, TIERS) == "Regular Client"
	raised = [{**t, "min_score": 90} if t["rank"] == 1 else t for t in TIERS]
	assert suggest_tier(85, raised) == "Key Client"


# --- criteria from the ledgers -----------------------------------------------------------------------


def test_cooperation_value_nets_credit_notes_and_ignores_cancelled_and_old_invoices():
	client = make_client()
	billed = make_invoice(client.name, days_ago(30), rate=1000)
	credit_note(billed, rate=200)
	cancelled = make_invoice(client.name, days_ago(20), rate=500)
	cancelled.cancel()
	make_invoice(client.name, days_ago(400), rate=700)
	make_invoice(client.name, days_ago(10), rate=300, submit=False)
	assert figures_of(client.name).revenue == 800
	set_settings(revenue_for_full_score=2000)
	assert lines_of(client.name)[sc_settings.VALUE].points == 40


def test_multi_currency_invoices_count_in_company_currency():
	client = foreign_currency_client("EUR")
	make_invoice(
		client.name, days_ago(40), rate=1000, due_date=days_ago(10), currency="EUR", conversion_rate=1.1
	)
	figures = figures_of(client.name)
	assert figures.revenue == pytest.approx(1100)
	assert figures.overdue_amount == pytest.approx(1100)


def test_profit_margin_from_project_costing():
	client = make_client()
	project = make_project(client.name)
	make_invoice(client.name, days_ago(5), rate=1000, project=project)
	purchase_for_project(project, 400)
	assert frappe.db.get_value("Project", project, "total_purchase_cost") == 400
	assert figures_of(client.name).margin_percent == pytest.approx(60)
	set_settings(margin_for_full_score=80)
	assert lines_of(client.name)[sc_settings.MARGIN].points == pytest.approx(75)
	no_project = make_client()
	make_invoice(no_project.name, days_ago(5))
	line = lines_of(no_project.name)[sc_settings.MARGIN]
	assert line.points is None and line.weight == 0


def test_growth_and_strategic_fit_are_the_directors_ratings():
	client = make_client(growth_potential=4, strategic_fit=2)
	lines = lines_of(client.name)
	assert (lines[sc_settings.GROWTH].points, lines[sc_settings.STRATEGIC].points) == (75, 25)
	client.growth_potential = 6
	with pytest.raises(frappe.ValidationError, match="between 1 and 5"):
		client.save()
	assert frappe.db.get_value("Customer", client.name, "growth_potential") == 4


def test_stability_from_tenure_and_days_paid_late_in_the_payment_ledger():
	client = make_client(cooperating_since=add_days(nowdate(), -int(2.5 * 365.25)))
	late = make_invoice(client.name, days_ago(90), rate=1000, due_date=days_ago(60))
	pay(late, days_ago(30))  # 30 days after the due date
	early = make_invoice(client.name, days_ago(50), rate=1000, due_date=days_ago(20))
	pay(early, days_ago(40))  # before the due date: 0 days late
	figures = figures_of(client.name)
	assert figures.average_days_late == pytest.approx(15)
	assert figures.tenure_years == pytest.approx(2.5, abs=0.01)
	line = lines_of(client.name)[sc_settings.STABILITY]
	assert line.points == pytest.approx((50 + 75) / 2, abs=0.2)


def test_risk_from_overdue_receivables_credit_rating_and_complaints():
	client = make_client(credit_rating="C")
	make_invoice(client.name, days_ago(100), rate=1000, due_date=days_ago(70))  # unpaid, overdue
	paid = make_invoice(client.name, days_ago(60), rate=3000, due_date=days_ago(30))
	pay(paid, days_ago(30))
	figures = figures_of(client.name)
	assert figures.overdue_amount == 1000 and figures.revenue == 4000
	if frappe.db.table_exists("Client Complaint"):
		assert figures.complaints == 0
	else:
		assert figures.complaints is None  # the complaint doctype is not installed: that part weighs zero
	overdue = 100 - (1000 / 4000) / 0.5 * 100
	parts = [overdue, 40] + ([100] if figures.complaints is not None else [])
	assert lines_of(client.name)[sc_settings.RISK].points == pytest.approx(sum(parts) / len(parts))


def test_satisfaction_from_survey_csat():
	from tests.survey_factories import make_response, make_served_client

	client, contacts = make_served_client()
	assert lines_of(client.name)[sc_settings.SATISFACTION].points is None
	make_response(client.name, contacts[0].name)  # 4 of 5 ratings are 4–5
	assert lines_of(client.name)[sc_settings.SATISFACTION].points == pytest.approx(80)


# --- recompute and tiers -----------------------------------------------------------------------------


def recompute(*clients, **kw):
	return sc_recompute.recompute_scorecards(customers=[c.name for c in clients], **kw)


def tier_of(client) -> str:
	return frappe.db.get_value("Customer", client.name, "client_tier")


def changes_of(client) -> list:
	return frappe.get_all(
		"Client Tier Change",
		filters={"customer": client.name},
		fields=["name", "old_tier", "new_tier", "change_type", "status", "score", "reason", "signoff_status"],
		order_by="creation asc",
	)


TEN_YEARS = 3650  # days of cooperation for full tenure points


def card_of(client):
	return frappe.get_doc(
		"Client Scorecard", sc_recompute.scorecard_name(client.name, sc_recompute.period_of(nowdate()))
	)


def rich_client(tier="Regular Client", **kw):
	client = directed_client(
		client_tier=tier,
		growth_potential=5,
		strategic_fit=5,
		credit_rating="A",
		cooperating_since=days_ago(TEN_YEARS),
		**kw,
	)
	make_invoice(client.name, days_ago(20), rate=3_000_000, due_date=add_days(nowdate(), 10))
	return client


def test_recompute_stores_a_scorecard_with_its_breakdown_and_upgrades_at_once():
	client = rich_client()
	result = recompute(client)
	period = sc_recompute.period_of(nowdate())
	card = frappe.get_doc("Client Scorecard", sc_recompute.scorecard_name(client.name, period))
	assert (
		card.score == 100
		and card.suggested_tier == "Strategic Client"
		and card.current_tier == "Regular Client"
	)
	assert [line.criterion for line in card.criteria] == list(sc_settings.CRITERIA)
	assert all(line.formula for line in card.criteria)
	assert result["applied"] == 1 and tier_of(client) == "Strategic Client"
	assert frappe.db.get_value("Customer", client.name, "tier_score") == 100
	(change,) = changes_of(client)
	assert (change.old_tier, change.new_tier, change.change_type, change.status, change.score) == (
		"Regular Client",
		"Strategic Client",
		"Upgrade",
		"Applied",
		100,
	)


def test_new_tier_cadence_applies_from_then_on():
	from tests.visit_factories import make_visit

	client = rich_client()
	make_visit(client, start=days_ago(10), visit_end=None, submit=True)
	recompute(client)
	strategic_cadence = frappe.db.get_value("Client Tier", "Strategic Client", "visit_cadence_days")
	assert frappe.db.get_value("Customer", client.name, "next_visit_date") == getdate(
		add_days(days_ago(10), strategic_cadence)
	)


def test_recompute_is_idempotent():
	client, other = rich_client(), directed_client(client_tier="Strategic Client")
	first = recompute(client, other)
	cards = frappe.get_all(
		"Client Scorecard",
		filters={"customer": ("in", [client.name, other.name])},
		fields=["name", "score", "suggested_tier"],
		order_by="name",
	)
	changes = frappe.db.count("Client Tier Change", {"customer": ("in", [client.name, other.name])})
	second = recompute(client, other)
	assert first["applied"] == 1 and second["applied"] == 0 and second["proposed"] == []
	assert (
		frappe.get_all(
			"Client Scorecard",
			filters={"customer": ("in", [client.name, other.name])},
			fields=["name", "score", "suggested_tier"],
			order_by="name",
		)
		== cards
	)
	assert frappe.db.count("Client Scorecard Criterion", {"parent": ("in", [c.name for c in cards])}) == 14
	assert frappe.db.count("Client Tier Change", {"customer": ("in", [client.name, other.name])}) == changes


def test_thresholds_on_the_tier_master_change_the_suggestion():
	client = directed_client(client_tier="Key Client", cooperating_since=days_ago(TEN_YEARS))
	make_invoice(client.name, days_ago(20), rate=1_700_000, due_date=add_days(nowdate(), 10))
	recompute(client)
	card = card_of(client)
	assert card.score == pytest.approx((25 * 85 + 15 * 100 + 15 * 100) / 55, abs=0.1)  # 93.2
	assert card.suggested_tier == "Strategic Client"
	assert tier_of(client) == "Strategic Client"
	frappe.db.set_value("Client Tier", "Strategic Client", "min_score", 95)
	frappe.db.set_value("Client Tier", "Key Client", "min_score", 93)
	other = directed_client(client_tier="Potential Client", cooperating_since=days_ago(TEN_YEARS))
	make_invoice(other.name, days_ago(20), rate=1_700_000, due_date=add_days(nowdate(), 10))
	recompute(other)
	assert card_of(other).suggested_tier == "Key Client" and tier_of(other) == "Key Client"


def test_weights_change_the_outcome_of_a_recompute():
	client = directed_client(client_tier="Key Client", strategic_fit=1, cooperating_since=days_ago(TEN_YEARS))
	make_invoice(client.name, days_ago(20), rate=2_000_000, due_date=add_days(nowdate(), 10))
	recompute(client, open_signoffs=False)
	# value, stability and risk 100, strategic fit 0: 5500 / 65
	assert card_of(client).score == pytest.approx(84.6) and tier_of(client) == "Strategic Client"
	set_settings(weight_strategic=60)
	result = recompute(client, open_signoffs=False)
	# strategic fit now weighs 60: 5500 / 115
	assert (
		card_of(client).score == pytest.approx(47.8) and card_of(client).suggested_tier == "Potential Client"
	)
	assert result["proposed"] == [
		{
			"customer": client.name,
			"new_tier": "Potential Client",
			"score": 47.8,
			"period": sc_recompute.period_of(nowdate()),
		}
	]


def test_downgrade_needs_the_account_directors_signoff():
	client = directed_client(client_tier="Strategic Client")
	make_invoice(client.name, days_ago(20), rate=1000, due_date=add_days(nowdate(), 10))
	result = recompute(client)
	assert result["signoffs"] == 1 and tier_of(client) == "Strategic Client"
	(change,) = changes_of(client)
	assert (change.change_type, change.status, change.signoff_status) == (
		"Downgrade",
		"Awaiting Approval",
		"Pending",
	)
	outsider = make_user("Account Director", "Sales User")
	frappe.set_user(outsider)
	with pytest.raises(frappe.PermissionError):
		sign("Client Tier Change", change.name, "Approved")
	frappe.set_user(client.account_director)
	sign("Client Tier Change", change.name, "Approved", comment="Agreed")
	frappe.set_user("Administrator")
	assert tier_of(client) != "Strategic Client"
	assert changes_of(client)[0].status == "Applied"


def test_rejected_downgrade_keeps_the_tier_and_is_not_proposed_again_that_month():
	client = directed_client(client_tier="Key Client")
	recompute(client)
	(change,) = changes_of(client)
	frappe.set_user(client.account_director)
	sign("Client Tier Change", change.name, "Rejected", comment="Big contract coming")
	frappe.set_user("Administrator")
	assert tier_of(client) == "Key Client"
	assert changes_of(client)[0].status == "Rejected"
	assert recompute(client)["proposed"] == []


def test_tier_change_under_signoff_cannot_be_forced_through_the_document():
	client = directed_client(client_tier="Key Client")
	recompute(client)
	change = frappe.get_doc("Client Tier Change", changes_of(client)[0].name)
	change.status = "Applied"
	with pytest.raises(frappe.ValidationError):
		change.save()
	with pytest.raises(frappe.ValidationError):
		frappe.set_value("Customer", client.name, "client_tier", "Regular Client")
	assert tier_of(client) == "Key Client"


def test_locked_tier_is_respected_by_the_job_and_its_override_needs_signoff():
	client = directed_client(
		client_tier="Strategic Client", tier_locked=1, tier_lock_reason="Group headquarters"
	)
	result = recompute(client)
	card = frappe.get_doc(
		"Client Scorecard", sc_recompute.scorecard_name(client.name, sc_recompute.period_of(nowdate()))
	)
	assert card.suggested_tier == "Regular Client" and card.tier_locked == 1
	assert result["proposed"] == [] and changes_of(client) == [] and tier_of(client) == "Strategic Client"
	manager = make_user("Client Service Head", "Sales User")
	frappe.set_user(manager)
	out = scorecard.request_tier_change(client.name, "Key Client", "Re-align after the merger")
	frappe.set_user("Administrator")
	assert (out["change_type"], out["status"]) == ("Locked Tier Override", "Awaiting Approval")
	assert tier_of(client) == "Strategic Client"
	frappe.set_user(client.account_director)
	sign("Client Tier Change", out["name"], "Approved")
	frappe.set_user("Administrator")
	assert tier_of(client) == "Key Client"


def test_forged_status_on_a_new_tier_change_is_ignored():
	client = directed_client(client_tier="Key Client")
	manager = make_user("Account Manager", "Sales User")
	frappe.set_user(manager)
	change = frappe.get_doc(
		{
			"doctype": "Client Tier Change",
			"customer": client.name,
			"new_tier": "Regular Client",
			"reason": "Less work",
			"status": "Applied",
			"change_type": "Upgrade",
		}
	).insert()
	frappe.set_user("Administrator")
	change.reload()
	assert (change.change_type, change.status, change.signoff_status) == (
		"Downgrade",
		"Awaiting Approval",
		"Pending",
	)
	assert tier_of(client) == "Key Client"


def test_director_asking_for_a_downgrade_is_signed_off_by_the_client_service_head():
	client = directed_client(client_tier="Key Client")
	head = make_user("Client Service Head", "Sales User")
	frappe.set_user(client.account_director)
	out = scorecard.request_tier_change(client.name, "Potential Client", "Budget cut")
	with pytest.raises(frappe.ValidationError):
		sign("Client Tier Change", out["name"], "Approved")
	frappe.set_user(head)
	sign("Client Tier Change", out["name"], "Approved")
	frappe.set_user("Administrator")
	assert tier_of(client) == "Potential Client"


def test_client_form_allows_upgrades_records_them_and_refuses_downgrades():
	client = directed_client(client_tier="Potential Client")
	manager = make_user("Account Manager", "Sales User")
	frappe.set_user(manager)
	frappe.set_value("Customer", client.name, "client_tier", "Key Client")
	with pytest.raises(sc_settings.TierChangeError):
		frappe.set_value("Customer", client.name, "client_tier", "Regular Client")
	frappe.set_user("Administrator")
	assert tier_of(client) == "Key Client"
	(change,) = changes_of(client)
	assert (change.old_tier, change.new_tier, change.change_type, change.status) == (
		"Potential Client",
		"Key Client",
		"Upgrade",
		"Applied",
	)


def test_bad_tier_change_requests_are_refused_with_a_clear_error():
	client = directed_client(client_tier="Key Client")
	with pytest.raises(sc_settings.TierChangeError, match="already in tier"):
		scorecard.request_tier_change(client.name, "Key Client", "No change")
	with pytest.raises(frappe.ValidationError):
		scorecard.request_tier_change(client.name, "No Such Tier", "Typo")
	with pytest.raises(sc_settings.TierChangeError, match="reason"):
		scorecard.request_tier_change(client.name, "Strategic Client", "  ")
	orphan = make_client(client_tier="Key Client")
	with pytest.raises(sc_settings.TierChangeError, match="no account director"):
		scorecard.request_tier_change(orphan.name, "Regular Client", "Smaller budget")
	executive = make_user("Account Executive", "Sales User")
	frappe.set_user(executive)
	with pytest.raises(frappe.PermissionError):
		scorecard.request_tier_change(client.name, "Strategic Client", "Big client")
	frappe.set_user("Administrator")
	assert changes_of(client) == [] and changes_of(orphan) == []


def test_settings_refuse_bad_weights():
	settings = frappe.get_single(sc_settings.SETTINGS)
	for fieldname in sc_settings.WEIGHT_FIELDS.values():
		settings.set(fieldname, 0)
	with pytest.raises(sc_settings.InvalidScorecardSettingsError):
		settings.save()
	settings.reload()
	settings.weight_value = -5
	with pytest.raises(sc_settings.InvalidScorecardSettingsError):
		settings.save()


def test_recompute_publishes_progress():
	client = rich_client()
	assert recompute(client, progress=True)["clients"] == 1


def test_complaints_of_the_last_twelve_months_lower_the_risk_points():
	if not frappe.db.table_exists("Client Complaint"):
		pytest.skip("the complaint doctype is not installed")
	client = make_client(client_tier="Key Client")
	for received in (days_ago(10), days_ago(100), days_ago(400)):
		frappe.get_doc(
			{
				"doctype": "Client Complaint",
				"customer": client.name,
				"subject": "投放排期出错",
				"content": "<p>The TV spot ran a day late.</p>",
				"category": "Contract Performance",
				"priority": "High",
				"channel": "Phone",
				"received_at": f"{received} 10:00:00",
			}
		).insert()
	figures = figures_of(client.name)
	assert figures.complaints == 2
	# nothing overdue (100), no credit rating, two complaints: 100 − 2 × 20
	assert lines_of(client.name)[sc_settings.RISK].points == pytest.approx((100 + 60) / 2)
