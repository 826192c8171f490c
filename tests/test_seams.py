"""Where one feature meets another: each seam found stale when the features were built apart.

* the visit preparation facts count the client's open Client Work Orders and complaints;
* a work order the client approved sends the client's contacts a satisfaction survey;
* the workspace cards and the client scorecard are read only by who may read their records.
"""

import frappe
import pytest

from agency_service.api.scorecard import get_client_scorecard
from agency_service.api.surveys import csat_card, nps_card
from agency_service.api.visits import get_preparation_facts
from agency_service.guard import controlled_change
from agency_service.surveys.scores import INVITED_AFTER_WORK_ORDER
from tests.factories import make_client, make_user, make_work_order, staff
from tests.survey_factories import make_served_client


def test_preparation_facts_count_the_clients_open_work_orders_and_complaints():
	client = make_client()
	make_work_order(client.name)
	archived = make_work_order(client.name)
	with controlled_change():
		archived.db_set("status", "Archived")
	facts = get_preparation_facts(client.name)
	assert facts["open_work_orders"] == 1
	assert facts["open_complaints"] == 0


def test_a_work_order_the_client_approved_invites_the_clients_contacts():
	client, contacts = make_served_client(contacts=2)
	order = make_work_order(client.name)
	with controlled_change():
		order.db_set("status", "Proposed to Client")
	order = frappe.get_doc(order.doctype, order.name)
	order.record_client_decision("Approved")
	invited = frappe.get_all(
		"Survey Invitation",
		{"reference_doctype": order.doctype, "reference_name": order.name},
		["contact", "trigger"],
	)
	assert sorted(i.contact for i in invited) == sorted(c.name for c in contacts)
	assert {i.trigger for i in invited} == {INVITED_AFTER_WORK_ORDER}


def test_a_revision_request_sends_no_survey():
	client, _contacts = make_served_client()
	order = make_work_order(client.name)
	with controlled_change():
		order.db_set("status", "Proposed to Client")
	frappe.get_doc(order.doctype, order.name).record_client_decision("Revise", "Bigger logo")
	assert not frappe.db.exists("Survey Invitation", {"reference_name": order.name})


@pytest.mark.parametrize("card", [csat_card, nps_card])
def test_survey_cards_need_read_access_to_responses(card):
	assert "value" in card()  # Administrator
	frappe.set_user(make_user("Sales User"))
	with pytest.raises(frappe.PermissionError):
		card()


def test_a_client_scorecard_needs_scorecard_access_not_only_the_customer():
	client = make_client()
	frappe.set_user(make_user("Sales User"))
	assert frappe.has_permission("Customer", "read", client.name)
	with pytest.raises(frappe.PermissionError):
		get_client_scorecard(client.name)
	frappe.set_user(staff("Account Manager"))
	get_client_scorecard(client.name)  # the account team reads it
