"""The client archive on a real site: admission facts on the Customer, the brand file's rules and review
reminder, the connections, and the handover of a client's open items (exactly those, once)."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from agency_service.agency_service.doctype.brand_file.brand_file import OrganisationCycleError
from agency_service.agency_service.doctype.client_handover.client_handover import HandoverError
from agency_service.agency_service.doctype.client_tier.client_tier import InvalidServicePolicyError
from agency_service.clients.archive import customer_dashboard
from agency_service.clients.handover import end_stand_ins, move_signoff_steps
from agency_service.clients.reviews import remind_brand_file_reviews
from agency_service.guard import controlled_change
from tests.archive_factories import (
	close_visit,
	make_brand_file,
	make_ended_stand_in,
	make_handover,
	make_open_items,
	make_team,
	sign_handover,
)
from tests.factories import make_admission, make_client, make_user, make_work_order, tier_doc
from tests.test_signoff import admission_team, sign_as  # noqa: F401  (admission_team: a fixture)

# --- the archive on the Customer ---------------------------------------------------------------------


def test_admission_facts_reach_the_customer(admission_team):  # noqa: F811
	team = admission_team
	doc = make_admission(
		owner=team.ae,
		credit_code="91310000MA1K123456",
		registered_address="上海市浦东新区世纪大道100号",
		business_scope="食品饮料的生产与销售",
		preferred_forms="户外大屏、短视频",
		target_audience="一二线城市25-35岁白领",
		account_manager=team.ae,
	)
	licence = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "营业执照.txt",
			"content": "营业执照（副本）".encode(),
			"is_private": 1,
			"attached_to_doctype": "Client Admission",
			"attached_to_name": doc.name,
			"attached_to_field": "business_licence",
		}
	).insert(ignore_permissions=True)
	doc.db_set("business_licence", licence.file_url)
	frappe.set_user(team.ae)
	doc.submit_for_review()
	frappe.set_user("Administrator")
	sign_as(team.marketing, doc)
	sign_as(team.credit, doc, values={"credit_rating": "B", "proposed_credit_limit": 300000})
	sign_as(team.legal, doc)
	sign_as(team.management, doc)
	customer = frappe.get_doc("Customer", frappe.db.get_value("Client Admission", doc.name, "customer"))
	assert (customer.legal_representative, customer.registered_address, customer.business_scope) == (
		"王总",
		"上海市浦东新区世纪大道100号",
		"食品饮料的生产与销售",
	)
	assert (customer.credit_code, customer.ad_goals, customer.budget) == (
		"91310000MA1K123456",
		"提升品牌知名度",
		500000,
	)
	assert (customer.preferred_forms, customer.target_audience) == (
		"户外大屏、短视频",
		"一二线城市25-35岁白领",
	)
	# the licence uploaded to the admission is an attachment of the archive's legal part
	fields = ["file_url", "attached_to_field", "is_private"]
	attached = frappe.get_all(
		"File", {"attached_to_doctype": "Customer", "attached_to_name": customer.name}, fields
	)
	assert customer.business_licence == licence.file_url
	assert attached == [
		{"file_url": licence.file_url, "attached_to_field": "business_licence", "is_private": 1}
	]


def test_customer_connections_gather_the_client_records():
	data = customer_dashboard(frappe._dict(frappe.get_meta("Customer").get_dashboard_data()))
	items = {item for group in data["transactions"] for item in group["items"]}
	assert {
		"Client Visit",
		"Client Complaint",
		"Survey Response",
		"Client Scorecard",
		"Client Work Order",
		"Contract",
		"Quotation",
		"Sales Invoice",
		"Communication",
		"Brand File",
		"Client Handover",
	} <= items


def test_the_connections_count_the_client_records():
	from frappe.desk.notifications import get_open_count

	team = make_team()
	client = make_client(account_manager=team.manager)
	make_open_items(client.name, team.manager, count=2)
	try:
		counts = get_open_count("Customer", client.name)["count"]
	finally:
		frappe.db.set_execution_timeout(0)  # get_open_count leaves a 1 s limit on the connection
	by_doctype = {row["doctype"]: row["count"] for row in counts["external_links_found"]}
	assert by_doctype["Client Visit"] == 1 and by_doctype["Client Complaint"] == 2


def test_a_contract_with_a_client_carries_the_client():
	client = make_client()
	contract = frappe.get_doc(
		{
			"doctype": "Contract",
			"party_type": "Customer",
			"party_name": client.name,
			"start_date": nowdate(),
			"contract_terms": "年度媒介代理合同",
		}
	).insert(ignore_permissions=True)
	assert contract.customer == client.name


# --- the brand file ------------------------------------------------------------------------------------


def test_a_brand_file_with_a_reporting_cycle_is_refused():
	team = make_team()
	client = make_client(account_manager=team.manager)
	doc, contacts = make_brand_file(client.name, team.manager)
	doc.people[0].reports_to = contacts[2].name  # the boss reports to their own report
	with pytest.raises(OrganisationCycleError, match="reporting cycle"):
		doc.save(ignore_permissions=True)


def test_a_person_reporting_to_themselves_is_refused():
	team = make_team()
	client = make_client(account_manager=team.manager)
	doc, contacts = make_brand_file(client.name, team.manager)
	doc.people[1].reports_to = contacts[1].name
	with pytest.raises(OrganisationCycleError, match="themselves"):
		doc.save(ignore_permissions=True)


def test_another_clients_contact_is_refused_in_the_chart():
	team = make_team()
	client, other = make_client(account_manager=team.manager), make_client()
	doc, _contacts = make_brand_file(client.name, team.manager)
	_other_file, strangers = make_brand_file(other.name, team.manager)
	doc.append("people", {"contact": strangers[0].name})
	with pytest.raises(frappe.ValidationError, match="is not a contact of"):
		doc.save(ignore_permissions=True)


@pytest.mark.parametrize("days", [0, -5])
def test_a_review_period_of_zero_or_less_is_refused(days):
	with pytest.raises(InvalidServicePolicyError, match="positive number of days"):
		tier_doc(brand_file_review_days=days).insert()


def test_review_reminder_once_per_period_to_the_keeper():
	team = make_team()
	tier = tier_doc(brand_file_review_days=30).insert()
	client = make_client(account_manager=team.manager, client_tier=tier.name)
	doc, _contacts = make_brand_file(client.name, team.manager)
	assert str(doc.review_due_on) == str(add_days(nowdate(), 30))
	fresh = remind_brand_file_reviews()
	assert not frappe.db.get_value("Brand File", doc.name, "review_reminded_on")
	with controlled_change():
		frappe.db.set_value("Brand File", doc.name, "last_reviewed_on", add_days(nowdate(), -31))
	first = remind_brand_file_reviews()
	assert first["reminded_files"] >= fresh["reminded_files"] + 1
	assert frappe.db.exists("Notification Log", {"for_user": team.manager, "document_name": doc.name})
	second = remind_brand_file_reviews()
	assert frappe.db.count("Notification Log", {"for_user": team.manager, "document_type": "Brand File"}) == 1
	assert second["reminded_files"] < first["reminded_files"] or second["reminded_files"] == 0
	doc.reload()
	frappe.set_user(team.manager)
	doc.mark_reviewed()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Brand File", doc.name, ["last_reviewed_on", "review_reminded_on"]) == (
		frappe.utils.getdate(nowdate()),
		None,
	)


# --- handover ------------------------------------------------------------------------------------------


def holders(items: dict) -> dict:
	return {
		"visits": [frappe.db.get_value("Client Visit", n, "account_manager") for n in items["visits"]],
		"actions": frappe.db.sql(
			"select assigned_to from `tabClient Visit Action Item` where parent in %(visits)s order by idx",
			{"visits": items["visits"]},
			pluck=True,
		),
		"complaints": [
			frappe.db.get_value("Client Complaint", n, "account_manager") for n in items["complaints"]
		],
		"todos": [frappe.db.get_value("ToDo", n, "allocated_to") for n in items["todos"]],
	}


def test_handover_moves_exactly_the_clients_open_items_and_twice_changes_nothing():
	team = make_team()
	new = make_user("Account Manager", "Sales User")
	client = make_client(account_manager=team.manager, account_director=team.director)
	other = make_client(account_manager=team.manager)
	make_brand_file(client.name, team.manager)
	closed = make_open_items(client.name, team.manager, count=1)
	close_visit(closed["visits"][0])
	mine = make_open_items(client.name, team.manager, count=2)
	frappe.db.set_value("ToDo", closed["todos"][0], "status", "Closed")
	elsewhere = make_open_items(other.name, team.manager, count=1)

	doc = make_handover(client, team.manager, new)
	assert len(doc.checklist) >= 8 and "(3)" in doc.checklist[0].item
	doc = sign_handover(doc, team, new)

	assert doc.status == "Handed Over" and doc.items_moved > 0
	assert holders(mine) == {
		"visits": [new],
		"actions": [new, new],
		"complaints": [new, new],
		"todos": [new, new],
	}
	assert holders(elsewhere) == {k: [team.manager] for k in ("visits", "actions", "complaints", "todos")}
	assert holders(closed)["visits"] == [team.manager] and holders(closed)["todos"] == [team.manager]
	assert frappe.db.get_value("Customer", client.name, "account_manager") == new
	assert frappe.db.get_value("Brand File", {"customer": client.name}, "keeper") == new
	periods = frappe.get_all(
		"Client Keeper Period", {"customer": client.name}, ["user", "to_date"], order_by="creation asc"
	)
	assert [(p.user, bool(p.to_date)) for p in periods] == [(team.manager, True), (new, False)]

	before = holders(mine), holders(elsewhere), holders(closed)
	again = doc.apply_handover()
	assert sum(again.values()) == 0
	assert (holders(mine), holders(elsewhere), holders(closed)) == before
	assert frappe.db.count("Client Keeper Period", {"customer": client.name}) == 2


def test_handover_moves_a_pending_signoff_step_of_the_client():
	team = make_team()
	new = make_user("Account Director", "Sales User")
	client = make_client(account_manager=team.manager, account_director=team.director)
	order = make_work_order(client.name, owner=team.executive)
	frappe.set_user(team.executive)
	order.submit_for_dispatch()
	frappe.set_user("Administrator")
	request = frappe.db.get_value("Client Work Order", order.name, "signoff_request")
	assert move_signoff_steps(client.name, team.director, new, "HO-TEST") == 1
	assert new in frappe.db.get_value("Sign-off Request", request, "pending_with")
	assert move_signoff_steps(client.name, team.director, new, "HO-TEST") == 0


def test_a_stand_in_period_hands_the_client_back_by_itself():
	team = make_team()
	stand_in = make_user("Account Manager", "Sales User")
	client = make_client(account_manager=team.manager)
	items = make_open_items(client.name, team.manager, count=1)
	doc = make_ended_stand_in(client, team, stand_in)
	assert doc.status == "Stand-in Active"
	assert holders(items)["visits"] == [stand_in]
	assert end_stand_ins()["ended"] >= 1
	assert frappe.db.get_value("Client Handover", doc.name, "status") == "Stand-in Ended"
	assert holders(items) == {k: [team.manager] for k in ("visits", "actions", "complaints", "todos")}
	assert frappe.db.get_value("Customer", client.name, "account_manager") == team.manager
	assert (
		end_stand_ins()["ended"] == 0
		or frappe.db.get_value("Client Handover", doc.name, "items_returned") == 4
	)


def test_a_handover_to_a_disabled_user_is_refused():
	team = make_team()
	gone = make_user("Account Manager")
	frappe.db.set_value("User", gone, "enabled", 0)
	client = make_client(account_manager=team.manager)
	with pytest.raises(HandoverError, match="disabled"):
		make_handover(client, team.manager, gone)


def test_a_handover_from_someone_who_does_not_keep_the_client_is_refused():
	team = make_team()
	client = make_client(account_manager=team.manager)
	with pytest.raises(HandoverError, match="is not the"):
		make_handover(client, team.executive, team.director)


def test_a_handover_needs_its_checklist_done():
	team = make_team()
	client = make_client(account_manager=team.manager)
	doc = make_handover(client, team.manager, team.director)
	doc.checklist[0].done = 0
	doc.save(ignore_permissions=True)
	frappe.set_user(team.head)
	with pytest.raises(HandoverError, match="checklist"):
		doc.submit_for_signoff()


# --- industry in the reports -------------------------------------------------------------------------


def make_industry(name: str) -> str:
	if not frappe.db.exists("Industry Type", name):
		frappe.get_doc({"doctype": "Industry Type", "industry": name}).insert(ignore_permissions=True)
	return name


def test_visit_compliance_filters_and_groups_by_the_clients_industry():
	from agency_service.agency_service.report.client_scorecard import client_scorecard
	from agency_service.agency_service.report.visit_compliance import visit_compliance

	drinks, cars = make_industry("测试饮料行业"), make_industry("测试汽车行业")
	manager = make_user("Account Manager")
	clients = [
		make_client(account_manager=manager, industry=drinks),
		make_client(account_manager=manager, industry=drinks),
		make_client(account_manager=manager, industry=cars),
	]
	for client in clients:
		make_open_items(client.name, manager)
		frappe.db.set_value("Client Visit", {"customer": client.name}, "due_date", add_days(nowdate(), 2))
	filters = {"from_date": add_days(nowdate(), -30), "to_date": add_days(nowdate(), 30)}
	by_industry = visit_compliance.execute({**filters, "group_by": "Industry", "account_manager": manager})[1]
	assert {row.group: row.due for row in by_industry} == {drinks: 2, cars: 1}
	only_cars = visit_compliance.execute({**filters, "group_by": "Client", "industry": cars})[1]
	assert [row.group for row in only_cars] == [clients[2].name]
	client_scorecard.execute({"industry": cars})  # the filter is accepted
