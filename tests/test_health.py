"""Client health: the score per signal from real records, the at-risk alert (once, again only after
recovery), lost clients and the loss analysis."""

import datetime

import frappe
import pytest
from frappe.utils import add_days, add_to_date, get_datetime, now_datetime, nowdate

from agency_service.agency_service.doctype.lost_client.lost_client import LostClientError
from agency_service.health import rules
from agency_service.health.daily import compute_health, tier_policies
from agency_service.health.rules import HealthSignals, health_score
from agency_service.health.signals import collect_signals, naive_signals
from tests.factories import make_client, make_complaint, make_user
from tests.live_server import api_session
from tests.scorecard_factories import days_ago, fresh_fiscal_years, make_invoice, pay  # noqa: F401  (fixture)
from tests.survey_factories import make_response, template_answers
from tests.visit_factories import make_visit

ALL_LOW = {
	"Service Quality": "2",
	"Service Attitude": "2",
	"Service Efficiency": "2",
	"Service Effect": "2",
	"Overall Satisfaction": "2",
}
ALL_HIGH = {key: "5" for key in ALL_LOW}


# --- the rules, one signal at a time ---------------------------------------------------------------


@pytest.mark.parametrize(
	"signals, signal, points",
	[
		(HealthSignals(revenue_this_year=40, revenue_last_year=100, days_since_contact=1), rules.REVENUE, 25),
		(HealthSignals(revenue_this_year=80, revenue_last_year=100, days_since_contact=1), rules.REVENUE, 15),
		(HealthSignals(revenue_this_year=81, revenue_last_year=100, days_since_contact=1), rules.REVENUE, 0),
		(HealthSignals(csat_recent=59.9, nps_recent=-1, days_since_contact=1), rules.SATISFACTION, 25),
		(
			HealthSignals(
				csat_recent=70, csat_previous=80, nps_recent=10, nps_previous=30, days_since_contact=1
			),
			rules.SATISFACTION,
			15,
		),
		(HealthSignals(overdue_visits=1, days_since_contact=1), rules.VISITS, 10),
		(HealthSignals(overdue_visits=5, days_since_contact=1), rules.VISITS, 20),
		(HealthSignals(complaints_90_days=1, days_since_contact=1), rules.COMPLAINTS, 5),
		(HealthSignals(complaints_90_days=2, days_since_contact=1), rules.COMPLAINTS, 10),
		(HealthSignals(complaints_90_days=7, days_since_contact=1), rules.COMPLAINTS, 20),
		(
			HealthSignals(overdue_amount=1, oldest_overdue_days=90, days_since_contact=1),
			rules.RECEIVABLES,
			10,
		),
		(
			HealthSignals(overdue_amount=1, oldest_overdue_days=91, days_since_contact=1),
			rules.RECEIVABLES,
			20,
		),
		(HealthSignals(days_since_contact=31, cadence_days=30), rules.CONTACT, 15),
		(HealthSignals(days_since_contact=30, cadence_days=30), rules.CONTACT, 0),
		(HealthSignals(days_since_contact=None), rules.CONTACT, 15),
	],
)
def test_each_signal_takes_off_its_points(signals, signal, points):
	score, deductions, reasons = health_score(signals)
	assert deductions[signal] == points
	assert score == 100 - points
	assert bool(reasons) == bool(points)


# --- the signals from real records -----------------------------------------------------------------


def managed_client(tier="Key Client", **kw):
	return make_client(
		client_tier=tier,
		account_manager=kw.pop("account_manager", None) or make_user("Account Manager"),
		account_director=kw.pop("account_director", None) or make_user("Account Director"),
		**kw,
	)


def complaint(customer, received_at=None):
	return make_complaint(customer, received_at)


def signals_of(customer, tier="Key Client"):
	cadences = {name: t.visit_cadence_days for name, t in tier_policies().items()}
	client = frappe._dict(name=customer, client_tier=tier)
	set_based = collect_signals([client], nowdate(), cadences)[customer]
	assert set_based == naive_signals(customer, tier, nowdate(), cadences)
	return set_based


def test_health_from_invoices_complaints_visits_and_receivables():
	client = managed_client()  # Key Client: a visit every 30 days
	make_invoice(client.name, days_ago(400), rate=10000)  # last year's revenue, unpaid: overdue 400 days
	make_invoice(client.name, days_ago(10), rate=3000, due_date=add_days(nowdate(), 20))
	for days in (10, 50, 120):
		complaint(client.name, add_to_date(now_datetime(), days=-days))
	start = get_datetime(add_days(nowdate(), -40)) + datetime.timedelta(hours=10)
	make_visit(client, start=start, submit=True)  # the last contact, 40 days ago
	make_visit(client, due_date=add_days(nowdate(), -3))  # planned, past its due date: overdue

	s = signals_of(client.name)
	assert (s.revenue_this_year, s.revenue_last_year) == (3000, 10000)
	assert (s.complaints_90_days, s.overdue_visits, s.days_since_contact) == (2, 1, 40)
	assert (s.overdue_amount, s.oldest_overdue_days) == (10000, 400)
	score, points, reasons = health_score(s)
	assert points == {
		rules.REVENUE: 25,  # −70 %
		rules.SATISFACTION: 0,
		rules.VISITS: 10,
		rules.COMPLAINTS: 10,
		rules.RECEIVABLES: 20,
		rules.CONTACT: 15,
	}
	assert score == 20
	assert "Revenue of the last 12 months fell 70.0% against the 12 months before." in reasons

	compute_health(customers=[client.name])
	stored = frappe.get_doc("Client Health", client.name)
	assert (stored.score, stored.at_risk, stored.revenue_points, stored.contact_points) == (20, 1, 25, 15)
	assert "No contact for 40 days; the tier expects one every 30 days." in stored.reasons


def test_health_from_survey_trends():
	low, falling = managed_client(), managed_client()
	recent, previous = add_to_date(now_datetime(), days=-20), add_to_date(now_datetime(), days=-250)
	make_response(low.name, responded_on=recent, answers=template_answers(ALL_LOW, nps="0"))
	make_response(falling.name, responded_on=previous, answers=template_answers(ALL_HIGH, nps="10"))
	make_response(falling.name, responded_on=recent, answers=template_answers(nps="8"))

	s = signals_of(low.name)
	assert (s.csat_recent, s.nps_recent, s.csat_previous, s.nps_previous) == (0, -100, None, None)
	assert health_score(s)[1][rules.SATISFACTION] == 25
	s = signals_of(falling.name)
	assert (s.csat_recent, s.nps_recent, s.csat_previous, s.nps_previous) == (80, 0, 100, 100)
	assert health_score(s)[1][rules.SATISFACTION] == 15


# --- the alert -------------------------------------------------------------------------------------


def alerts_for(user, customer):
	return frappe.db.count(
		"Notification Log", {"for_user": user, "document_type": "Client Health", "document_name": customer}
	)


def test_an_at_risk_client_alerts_once_and_again_only_after_recovering():
	client = managed_client("Strategic Client")  # the director is told too
	overdue = make_invoice(client.name, days_ago(120), rate=5000)  # −20, and −15 for no contact: 65
	for days in (5, 6, 7):
		complaint(client.name, add_to_date(now_datetime(), days=-days))  # −20: 45, at risk

	compute_health(customers=[client.name])
	assert frappe.db.get_value("Client Health", client.name, ["score", "at_risk", "alerted"]) == (45, 1, 1)
	assert alerts_for(client.account_manager, client.name) == 1
	assert alerts_for(client.account_director, client.name) == 1

	compute_health(customers=[client.name])  # still at risk: no second alert
	assert alerts_for(client.account_manager, client.name) == 1

	pay(overdue, nowdate())  # recovered: 65
	compute_health(customers=[client.name])
	assert frappe.db.get_value("Client Health", client.name, ["score", "at_risk", "alerted"]) == (65, 0, 0)
	assert alerts_for(client.account_manager, client.name) == 1

	make_invoice(client.name, days_ago(30), rate=800)  # overdue again: 55
	compute_health(customers=[client.name])
	assert alerts_for(client.account_manager, client.name) == 2
	assert alerts_for(client.account_director, client.name) == 2


def test_a_key_clients_director_is_not_alerted():
	client = managed_client("Key Client")
	make_invoice(client.name, days_ago(120), rate=5000)
	for days in (5, 6, 7):
		complaint(client.name, add_to_date(now_datetime(), days=-days))
	compute_health(customers=[client.name])
	assert alerts_for(client.account_manager, client.name) == 1
	assert alerts_for(client.account_director, client.name) == 0


# --- lost clients ------------------------------------------------------------------------------------


def lost_client(customer, reasons=("Price Too High",), **kw):
	return frappe.get_doc(
		{
			"doctype": "Lost Client",
			"customer": customer,
			"lost_on": kw.pop("lost_on", nowdate()),
			"reasons": [{"loss_reason": r} for r in reasons],
			**kw,
		}
	)


def test_a_lost_client_needs_a_reason():
	client = managed_client()
	with pytest.raises(LostClientError, match="Record at least one loss reason"):
		lost_client(client.name, reasons=()).insert()
	frappe.local.lang = "zh"
	with pytest.raises(LostClientError, match="请至少记录一条流失原因"):
		lost_client(client.name, reasons=()).insert()


def test_a_lost_client_keeps_its_revenue_and_tier():
	client = managed_client()
	make_invoice(client.name, days_ago(30), rate=2500)
	doc = lost_client(client.name, reasons=("Price Too High", "Won by a Competitor"), competitor="某4A公司")
	doc.insert()
	assert (doc.revenue_last_12_months, doc.client_tier, doc.account_manager) == (
		2500,
		"Key Client",
		client.account_manager,
	)
	with pytest.raises(LostClientError):
		lost_client(client.name, reasons=("Price Too High", "Price Too High")).insert()
	with pytest.raises(LostClientError):
		lost_client(client.name, lost_on=add_days(nowdate(), 3)).insert()


def test_loss_analysis_by_reason_and_tier():
	from agency_service.agency_service.report.client_loss_analysis.client_loss_analysis import execute

	a, b = managed_client("Key Client"), managed_client("Regular Client")
	lost_client(a.name, reasons=("Price Too High", "Won by a Competitor")).insert()
	lost_client(
		b.name, reasons=("Price Too High",), win_back_plan="季度回访", win_back_status="Won Back"
	).insert()
	_columns, rows, _msg, chart, _summary = execute({"analyse_by": "Loss Reason"})
	by_reason = {row.group: row.lost for row in rows}
	assert by_reason["Price Too High"] >= 2 and by_reason["Won by a Competitor"] >= 1
	assert chart["type"] == "bar"
	_columns, rows, *_rest = execute({"analyse_by": "Client Tier"})
	assert {"Key Client", "Regular Client"} <= {row.group for row in rows}
	with pytest.raises(frappe.ValidationError):
		execute({"analyse_by": "Weather"})


# --- the tier service check ------------------------------------------------------------------------


def test_longest_gap_counts_from_the_last_event_before_the_period():
	from datetime import date

	from agency_service.health.service_check import longest_gap

	assert longest_gap([date(2026, 1, 1), date(2026, 2, 10)], date(2026, 2, 1), date(2026, 3, 1)) == 40
	assert longest_gap([], date(2026, 2, 1), date(2026, 3, 1)) == 28
	assert longest_gap([date(2026, 2, 15)], date(2026, 2, 1), date(2026, 3, 1)) == 14


def test_the_tier_check_finds_a_missed_director_contact():
	from agency_service.agency_service.report.tier_service_check.tier_service_check import execute

	manager = make_user("Account Manager")
	without, with_director = managed_client("Strategic Client", account_manager=manager), None
	with_director = managed_client("Strategic Client", account_manager=manager)
	start = get_datetime(add_days(nowdate(), -10)) + datetime.timedelta(hours=10)
	make_visit(without, start=start, submit=True, staff_attendees=[{"user": manager}])
	make_visit(
		with_director,
		start=start,
		submit=True,
		staff_attendees=[{"user": manager}, {"user": with_director.account_director}],
	)
	filters = {"from_date": add_days(nowdate(), -12), "to_date": nowdate(), "account_manager": manager}
	_columns, rows, _msg, _chart, _summary = execute(filters)
	status = {(row["customer"], row["promise"]): row["status"] for row in rows}
	assert status[(without.name, "Director-Level Contact")] == "Missed"
	assert status[(with_director.name, "Director-Level Contact")] == "Met"
	assert status[(without.name, "Visit Cadence")] == "Met"  # 14 days: 10 and 2 days apart
	assert status[(without.name, "Survey Cadence")] == "Met"  # 90 days: the period is 12 days

	_columns, per_manager, _msg, chart, _summary = execute({**filters, "view": "Misses per Manager"})
	assert per_manager == [
		{
			"account_manager": manager,
			"checked": 6,
			"missed": 1,
			"visits": 0,
			"surveys": 0,
			"director": 1,
			"complaints": 0,
		}
	]
	assert chart["data"]["datasets"][0]["values"] == [1]


def test_a_lost_client_is_disabled_until_won_back_over_http(live_server, live_data):
	client = live_data.add(managed_client())
	manager = client.account_manager
	live_data.add(frappe.get_doc("User", manager))
	live_data.commit()
	http = api_session(live_server, manager)
	resource = f"{live_server}/api/resource/Lost Client"
	record = {"customer": client.name, "lost_on": nowdate(), "competitor": "某4A公司"}
	response = http.post(resource, json=record, timeout=60)  # no reason
	assert response.status_code == 417 and "Record at least one loss reason" in response.text
	response = http.post(
		resource, json={**record, "reasons": [{"loss_reason": "Price Too High"}]}, timeout=60
	)
	assert response.ok, response.text
	name = live_data.add(frappe.get_doc("Lost Client", response.json()["data"]["name"])).name
	frappe.db.rollback()
	assert frappe.db.get_value("Customer", client.name, "disabled") == 1  # no new orders or invoices
	response = http.post(
		resource, json={**record, "reasons": [{"loss_reason": "Key Contact Left"}]}, timeout=60
	)
	assert response.status_code == 417 and "already recorded as lost" in response.text

	response = http.put(f"{resource}/{name}", json={"win_back_status": "Won Back"}, timeout=60)
	assert response.status_code == 417 and "win-back plan" in response.text  # a plan first
	frappe.db.rollback()
	assert frappe.db.get_value("Customer", client.name, "disabled") == 1
	won = {"win_back_status": "Won Back", "win_back_plan": "新任总监季度拜访，报价下调 5%"}
	assert http.put(f"{resource}/{name}", json=won, timeout=60).ok
	frappe.db.rollback()
	assert frappe.db.get_value("Customer", client.name, "disabled") == 0


def test_the_customer_form_shows_the_health_score(live_server, live_data):
	client = live_data.add(managed_client())
	outsider, credit = make_user("Sales User"), make_user()
	for user in (client.account_manager, outsider, credit):
		live_data.add(frappe.get_doc("User", user))
	compute_health(customers=[client.name])
	live_data.add(frappe.get_doc("Client Health", client.name))
	live_data.commit()
	method = f"{live_server}/api/method/agency_service.api.health.client_health"
	response = api_session(live_server, client.account_manager).get(
		method, params={"customer": client.name}, timeout=60
	)
	assert response.ok, response.text
	health = response.json()["message"]
	stored = frappe.db.get_value("Client Health", client.name, ["score", "at_risk"], as_dict=True)
	assert (health["score"], health["at_risk"]) == (stored.score, stored.at_risk)
	assert health["indicator"] == rules.indicator(stored.score, stored.at_risk)
	# a sales user reads the client but not its health: nothing; a user without a role may not read it
	response = api_session(live_server, outsider).get(method, params={"customer": client.name}, timeout=60)
	assert response.ok and response.json().get("message") is None, response.text[:300]
	response = api_session(live_server, credit).get(method, params={"customer": client.name}, timeout=60)
	assert response.status_code == 403
