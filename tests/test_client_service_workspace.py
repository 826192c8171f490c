"""The Client Service workspace: its cards, charts and report links load for the account team."""

import json

import frappe
from frappe.desk.desktop import get_desktop_page
from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as get_chart
from frappe.desk.query_report import run

from tests.factories import make_client, make_user

WORKSPACE = "Client Service"


def page_for(user):
	frappe.set_user(user)
	return get_desktop_page(json.dumps({"name": WORKSPACE, "title": WORKSPACE, "public": 1}))


def test_workspace_shows_cards_charts_and_every_report_to_an_account_manager():
	page = page_for(make_user("Account Manager", "Sales User"))
	cards = {item.get("number_card_name") for item in page["number_cards"]["items"]}
	assert {"Client CSAT", "Client NPS", "Strategic Clients", "Regular Clients"} <= cards
	assert {item.get("chart_name") for item in page["charts"]["items"]} == {
		"Client Tier Mix",
		"CSAT and NPS Trend",
	}
	linked_reports = {
		link["link_to"]
		for card in page["cards"]["items"]
		for link in card["links"]
		if link["link_type"] == "Report"
	}
	app_reports = set(frappe.get_all("Report", {"module": "Agency Service"}, pluck="name"))
	assert app_reports and linked_reports == app_reports


def test_workspace_content_names_only_existing_blocks():
	workspace = frappe.get_doc("Workspace", WORKSPACE)
	for block in json.loads(workspace.content):
		data = block["data"]
		if block["type"] == "number_card":
			assert frappe.db.exists("Number Card", data["number_card_name"])
		elif block["type"] == "chart":
			assert frappe.db.exists("Dashboard Chart", data["chart_name"])
		elif block["type"] == "card":
			assert any(link.label == data["card_name"] for link in workspace.links)


def test_charts_and_report_run_like_the_desk_does():
	make_client(client_tier="Key Client")
	make_client(client_tier="Key Client")
	tier_mix = get_chart(chart_name="Client Tier Mix", refresh=1)
	counts = dict(zip(tier_mix["labels"], tier_mix["datasets"][0]["values"], strict=True))
	assert counts["Key Client"] >= 2
	result = run("Survey Results", filters={"group_by": "Month"})
	assert result["chart"]["type"] == "line"
	assert [c["fieldname"] for c in result["columns"]][:3] == ["group", "responses", "csat"]


def test_visit_cards_count_overdue_visits_and_minutes():
	from frappe.desk.doctype.number_card.number_card import get_result

	from tests.visit_factories import make_managed_client, make_visit

	def count(name):
		card = frappe.get_doc("Number Card", name)
		filters = json.loads(card.filters_json)
		filters += [
			[f[0], f[1], f[2], frappe.utils.nowdate()] for f in json.loads(card.dynamic_filters_json or "[]")
		]
		return get_result(card.as_dict(), filters=json.dumps(filters))

	before = {name: count(name) for name in ("Visits Overdue", "Minutes Overdue")}
	late_minutes = make_visit(make_managed_client())
	overdue_plan = make_visit(make_managed_client())
	frappe.db.set_value("Client Visit", late_minutes.name, "status", "Minutes Overdue")
	frappe.db.set_value(
		"Client Visit", overdue_plan.name, {"status": "Planned", "due_date": frappe.utils.add_days(None, -3)}
	)
	assert count("Minutes Overdue") == before["Minutes Overdue"] + 1
	assert count("Visits Overdue") == before["Visits Overdue"] + 1
