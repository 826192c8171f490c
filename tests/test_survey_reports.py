"""Survey Results and Account Team KPI on data made in the test (responses, ERPNext sales invoices)."""

import frappe
import pytest
from frappe.utils import add_days, add_months, getdate, now_datetime, nowdate

from agency_service.agency_service.report.account_team_kpi import account_team_kpi
from agency_service.agency_service.report.survey_results import survey_results
from agency_service.api.surveys import csat_card, nps_card
from tests.factories import make_user
from tests.survey_factories import (
	DEFAULT_ANSWERS,
	make_invoice,
	make_response,
	make_served_client,
	template_answers,
)


def rows_by_group(result):
	_columns, rows, _message, _chart, _summary = result
	return {row["group"]: row for row in rows}


def test_survey_results_per_dimension_tier_and_manager():
	manager = make_user("Account Manager")
	strategic, (a,) = make_served_client(tier="Strategic Client", account_manager=manager)
	key, (b,) = make_served_client(tier="Key Client", account_manager=manager)
	make_response(strategic.name, a.name, answers=template_answers(nps="10"))  # 5 4 4 3 5
	make_response(
		strategic.name,
		a.name,
		answers=template_answers({"Service Quality": "2", "Service Effect": "5"}, nps="6"),
	)
	make_response(key.name, b.name, answers=template_answers(nps="8"))
	filters = {"account_manager": manager, "group_by": "Client Tier"}
	by_tier = rows_by_group(survey_results.execute(filters))
	assert set(by_tier) == {"Strategic Client", "Key Client"}
	strategic_row = by_tier["Strategic Client"]
	assert strategic_row["responses"] == 2
	assert strategic_row["csat_quality"] == pytest.approx(50.0)  # 5 and 2
	assert strategic_row["csat_effect"] == pytest.approx(50.0)  # 3 and 5
	assert strategic_row["csat"] == pytest.approx(80.0)  # 8 of 10 ratings are 4–5
	assert strategic_row["nps"] == pytest.approx(0.0)  # one promoter, one detractor
	assert (strategic_row["promoters"], strategic_row["detractors"], strategic_row["follow_ups"]) == (1, 1, 1)
	assert by_tier["Key Client"]["nps"] == pytest.approx(0.0)  # a passive
	assert by_tier["Key Client"]["passives"] == 1

	by_manager = rows_by_group(survey_results.execute({**filters, "group_by": "Account Manager"}))
	assert by_manager[manager]["responses"] == 3
	assert by_manager[manager]["csat"] == pytest.approx(100 * 12 / 15)


def test_survey_results_trend_chart_by_month_and_period_filter():
	client, (contact,) = make_served_client()
	two_months_ago = add_months(now_datetime(), -2)
	make_response(client.name, contact.name, responded_on=two_months_ago, answers=template_answers(nps="0"))
	make_response(client.name, contact.name, answers=template_answers(nps="10"))
	_columns, rows, _message, chart, summary = survey_results.execute(
		{"customer": client.name, "group_by": "Month"}
	)
	months = [row["group"] for row in rows]
	assert months == [two_months_ago.strftime("%Y-%m"), getdate(nowdate()).strftime("%Y-%m")]
	assert chart["data"]["labels"] == months
	nps_series = next(d for d in chart["data"]["datasets"] if d["name"] == "NPS")["values"]
	assert nps_series == [-100.0, 100.0]
	assert summary[0]["value"] == 2
	recent = survey_results.execute(
		{"customer": client.name, "group_by": "Month", "from_date": add_days(nowdate(), -7)}
	)
	assert [row["group"] for row in recent[1]] == [getdate(nowdate()).strftime("%Y-%m")]


def test_survey_results_is_empty_without_answers():
	client, _contacts = make_served_client()
	_columns, rows, _message, chart, summary = survey_results.execute({"customer": client.name})
	# no labels at all: the workspace chart widget shows "No Data" instead of drawing an empty line
	assert rows == [] and "labels" not in chart["data"]
	assert summary[0]["value"] == 0 and summary[1]["value"] == 0


def test_number_cards_follow_the_responses():
	client, (contact,) = make_served_client()
	make_response(client.name, contact.name, answers=template_answers(nps="10"))
	good = csat_card()["value"], nps_card()["value"]
	report_summary = survey_results.execute({})[4]
	assert good[0] == pytest.approx(report_summary[1]["value"])  # same figure as the report, twelve months
	assert good[1] == pytest.approx(report_summary[2]["value"], abs=0.05)
	all_ones = {dimension: "1" for dimension in DEFAULT_ANSWERS}
	make_response(client.name, contact.name, answers=template_answers(all_ones, nps="0"))
	assert csat_card()["value"] < good[0]
	assert nps_card()["value"] < good[1]


def kpi_rows(year, company=None):
	_columns, rows, _message, _chart, summary = account_team_kpi.execute({"year": year, "company": company})
	return {row["account_manager"]: row for row in rows}, summary


def test_account_team_kpi_repurchase_and_churn_from_invoices():
	year = getdate(nowdate()).year
	manager = make_user("Account Manager")
	clients = {
		name: make_served_client(account_manager=manager)[0].name
		for name in ("loyal", "lost", "new", "returned_only", "never")
	}
	last_year = f"{year - 1}-06-15"
	this_year = nowdate()
	make_invoice(clients["loyal"], last_year)
	make_invoice(clients["loyal"], this_year)
	make_invoice(clients["lost"], last_year)
	make_invoice(clients["new"], this_year)
	make_invoice(clients["returned_only"], last_year)
	make_invoice(clients["returned_only"], this_year, submit=False)  # a draft is not billing
	rows, _summary = kpi_rows(year)
	row = rows[manager]
	assert row["clients"] == 5
	assert row["billed_last_year"] == 3  # loyal, lost, returned_only
	assert row["billed_again"] == 1  # loyal
	assert row["repurchase_rate"] == pytest.approx(100 / 3)
	assert row["churn_rate"] == pytest.approx(200 / 3)
	assert row["new_clients"] == 1
	# satisfaction of this year's responses counts for the manager
	contact = frappe.get_all(
		"Dynamic Link", {"parenttype": "Contact", "link_name": clients["loyal"]}, pluck="parent"
	)[0]
	make_response(clients["loyal"], contact, answers=template_answers(nps="10"))
	rows, summary = kpi_rows(year)
	assert rows[manager]["responses"] == 1
	assert rows[manager]["csat"] == pytest.approx(80.0)
	assert rows[manager]["nps"] == pytest.approx(100.0)
	assert {s["label"] for s in summary} >= {"Repurchase Rate", "Churn Rate"}


def test_account_team_kpi_without_last_year_clients_has_no_rates():
	manager = make_user("Account Manager")
	client = make_served_client(account_manager=manager)[0]
	make_invoice(client.name, nowdate())
	row = kpi_rows(getdate(nowdate()).year)[0][manager]
	assert row["billed_last_year"] == 0
	assert row["repurchase_rate"] is None and row["churn_rate"] is None
