"""The complaint reports and cards count complaints driven through the real lifecycle.

Four complaints of one Key Client (Medium severity: first response within 8, resolution within 72
working hours):

* answered a minute after it came in 40 days ago, resolved today — response met, resolution breached;
* received 40 days ago and never answered — both deadlines breached while still open;
* received a minute ago, open — both pending;
* received a minute ago, answered and resolved at once — both met.
"""

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_to_date, now_datetime

from agency_service.api.complaints import deadlines_at_risk_card
from tests.factories import make_client, make_contact, make_user, staff

SLA_REPORT, ANALYSIS_REPORT = "Complaint SLA Compliance", "Complaint Analysis"


def make_complaint(customer, received_at, category, **kw):
	return frappe.get_doc(
		{
			"doctype": "Client Complaint",
			"customer": customer,
			"subject": kw.pop("subject", "投放排期延误"),
			"content": "<p>客户反映投放排期比约定晚了一周。</p>",
			"channel": "Phone",
			"received_at": received_at,
			"priority": kw.pop("priority", "Medium"),
			"category": category,
			**kw,
		}
	).insert(ignore_permissions=True)


def resolve(doc, investigator, root_cause="Process Gap"):
	doc.start_investigation(investigator)
	doc.reload()
	doc.facts = "<p>排期表未及时同步给媒介部。</p>"
	doc.root_cause = root_cause
	doc.save()
	doc.propose_solution("<p>免费补投一周。</p>", 0)
	doc.record_client_decision("Accepted")
	doc.start_execution()
	doc.mark_resolved("已补投一周并致歉。")
	return doc


@pytest.fixture
def complaints():
	manager = staff("Account Manager")
	client = make_client(client_tier="Key Client", account_manager=manager)
	month_ago = add_to_date(now_datetime(), days=-40)
	just_now = add_to_date(now_datetime(), minutes=-1)
	answered_late_resolved = make_complaint(client.name, month_ago, "Service Quality")
	answered_late_resolved.acknowledge("Phone", responded_at=add_to_date(month_ago, minutes=1))
	resolve(answered_late_resolved, manager)
	never_answered = make_complaint(client.name, month_ago, "Service Quality")
	still_running = make_complaint(client.name, just_now, "Price")
	done_at_once = make_complaint(client.name, just_now, "Price")
	done_at_once.acknowledge("Phone")
	resolve(done_at_once, manager, root_cause="Miscommunication")
	return frappe._dict(
		client=client.name,
		manager=manager,
		answered_late_resolved=answered_late_resolved.name,
		never_answered=never_answered.name,
		still_running=still_running.name,
		done_at_once=done_at_once.name,
		month_ago=month_ago,
	)


def report_rows(report, complaints, **filters):
	filters = {"customer": complaints.client, "from_date": complaints.month_ago.date(), **filters}
	columns, rows, _message, chart, summary = frappe.get_attr(
		f"agency_service.agency_service.report.{frappe.scrub(report)}.{frappe.scrub(report)}.execute"
	)(filters)
	return columns, {row.group: row for row in rows}, chart, summary


SLA_FIGURES = (
	"complaints",
	"response_met",
	"response_breached",
	"response_pending",
	"resolution_met",
	"resolution_breached",
	"resolution_pending",
)


def figures(row):
	return tuple(row[key] for key in SLA_FIGURES)


def test_sla_compliance_counts_met_breached_and_pending_per_category(complaints):
	_columns, rows, chart, _summary = report_rows(SLA_REPORT, complaints, group_by="Category")
	assert set(rows) == {"Service Quality", "Price"}
	assert figures(rows["Service Quality"]) == (2, 1, 1, 0, 0, 2, 0)
	assert figures(rows["Price"]) == (2, 1, 0, 1, 1, 0, 1)
	assert rows["Service Quality"].response_compliance == 50
	assert rows["Service Quality"].resolution_compliance == 0
	assert rows["Price"].response_compliance == 100
	assert rows["Price"].resolution_compliance == 100
	assert chart["type"] == "bar" and len(chart["data"]["datasets"]) == 2


def test_sla_compliance_groups_by_tier_account_manager_and_month(complaints):
	_columns, by_tier, _chart, summary = report_rows(SLA_REPORT, complaints, group_by="Client Tier")
	assert figures(by_tier["Key Client"]) == (4, 2, 1, 1, 1, 2, 1)
	assert by_tier["Key Client"].response_compliance == pytest.approx(66.7)
	assert by_tier["Key Client"].resolution_compliance == pytest.approx(33.3)
	assert [item["value"] for item in summary] == [pytest.approx(66.7), 1, pytest.approx(33.3), 2]

	_columns, by_manager, _chart, _summary = report_rows(SLA_REPORT, complaints, group_by="Account Manager")
	assert set(by_manager) == {complaints.manager}

	_columns, by_month, chart, _summary = report_rows(SLA_REPORT, complaints, group_by="Month")
	then, this_month = complaints.month_ago.strftime("%Y-%m"), now_datetime().strftime("%Y-%m")
	assert figures(by_month[then]) == (2, 1, 1, 0, 0, 2, 0)
	assert figures(by_month[this_month]) == (2, 1, 0, 1, 1, 0, 1)
	assert chart["type"] == "line"


def test_sla_compliance_follows_the_date_range(complaints):
	_columns, rows, _chart, _summary = report_rows(
		SLA_REPORT, complaints, group_by="Client Tier", from_date=add_to_date(None, days=-2, as_string=True)
	)
	assert figures(rows["Key Client"]) == (2, 1, 0, 1, 1, 0, 1)


def test_analysis_counts_by_category_root_cause_and_month(complaints):
	_columns, by_category, chart, _summary = report_rows(ANALYSIS_REPORT, complaints, analyse_by="Category")
	quality, price = by_category["Service Quality"], by_category["Price"]
	assert (quality.complaints, quality.open, quality.resolved, quality.breached) == (2, 1, 1, 2)
	assert (price.complaints, price.open, price.resolved, price.breached) == (2, 1, 1, 0)
	assert quality.share == 50 and chart["type"] == "bar"

	_columns, by_cause, _chart, _summary = report_rows(ANALYSIS_REPORT, complaints, analyse_by="Root Cause")
	assert {cause: row.complaints for cause, row in by_cause.items()} == {
		"Process Gap": 1,
		"Miscommunication": 1,
		"": 2,
	}

	_columns, by_month, chart, summary = report_rows(ANALYSIS_REPORT, complaints, analyse_by="Month")
	assert [row.complaints for row in by_month.values()] == [2, 2]
	assert chart["type"] == "line"
	assert [item["value"] for item in summary] == [4, 2, 2, 0]


def test_cards_count_open_complaints_and_deadlines_at_risk(complaints):
	from frappe.desk.doctype.number_card.number_card import get_result

	open_card = frappe.get_doc("Number Card", "Open Complaints")
	open_count = get_result(open_card.as_dict(), filters=open_card.filters_json)
	assert open_count == frappe.db.count("Client Complaint", {"status": ("not in", ("Resolved", "Closed"))})
	at_risk = deadlines_at_risk_card()["value"]
	frappe.db.set_value("Client Complaint", complaints.never_answered, "status", "Resolved")
	assert deadlines_at_risk_card()["value"] == at_risk - 1
	frappe.db.set_value("Client Complaint", complaints.still_running, "response_warn_at", now_datetime())
	assert deadlines_at_risk_card()["value"] == at_risk


def test_a_client_portal_user_can_run_neither_report_nor_card(complaints):
	contact = make_contact(complaints.client)
	portal_user = make_user("Customer")
	frappe.db.set_value("Contact", contact.name, "user", portal_user)
	frappe.set_user(portal_user)
	for report in (SLA_REPORT, ANALYSIS_REPORT):
		with pytest.raises(frappe.PermissionError):
			run(report, filters={"group_by": "Client Tier"})
	with pytest.raises(frappe.PermissionError):
		deadlines_at_risk_card()


def test_the_account_team_runs_the_reports_like_the_desk_does(complaints):
	frappe.set_user(complaints.manager)
	result = run(SLA_REPORT, filters={"group_by": "Category", "customer": complaints.client})
	assert {row["group"] for row in result["result"]} >= {"Service Quality", "Price"}
	result = run(ANALYSIS_REPORT, filters={"analyse_by": "Month", "customer": complaints.client})
	assert result["chart"]["type"] == "line"


def test_both_reports_group_and_filter_by_the_clients_industry(complaints):
	"""ERPNext's industry of the client: a grouping and a filter of the complaint reports."""
	for industry in ("快消品", "汽车"):
		if not frappe.db.exists("Industry Type", industry):
			frappe.get_doc({"doctype": "Industry Type", "industry": industry}).insert(ignore_permissions=True)
	frappe.db.set_value("Customer", complaints.client, "industry", "快消品")
	other = make_client(client_tier="Key Client", industry="汽车")
	make_complaint(other.name, add_to_date(now_datetime(), days=-2), "Price")
	base = {"customer": None, "from_date": complaints.month_ago.date()}
	_columns, by_industry, _chart, _summary = report_rows(
		ANALYSIS_REPORT, complaints, analyse_by="Industry", **base
	)
	assert by_industry["快消品"].complaints >= 4 and by_industry["汽车"].complaints >= 1
	_columns, rows, _chart, _summary = report_rows(
		SLA_REPORT, complaints, group_by="Category", industry="汽车", **base
	)
	assert {group: row.complaints for group, row in rows.items()} == {"Price": 1}
	_columns, rows, _chart, _summary = report_rows(SLA_REPORT, complaints, group_by="Industry", **base)
	assert rows["汽车"].complaints == 1
