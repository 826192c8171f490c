"""Through Frappe's REST API, served by gunicorn on a loopback port for this module.

The data these tests need is committed (the server runs in another process) and removed afterwards.
"""

import frappe
import pytest
import requests
from frappe.utils import add_days, nowdate, random_string

from tests.factories import make_user
from tests.live_server import browser_session

PASSWORD = f"Rest-{random_string(10)}#9"


@pytest.fixture(scope="module")
def server(live_server):
	return live_server


@pytest.fixture(scope="module")
def people(server):
	"""Committed: an outsider, the client's account executive and manager, the client and its contact with
	notes."""
	frappe.set_user("Administrator")
	data = frappe._dict(
		outsider=make_user("Sales User", password=PASSWORD),
		executive=make_user("Account Executive", password=PASSWORD),
		manager=make_user("Account Manager", password=PASSWORD),
	)
	client = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": f"REST Client {random_string(6)}",
			"customer_type": "Company",
			"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
			"territory": frappe.db.get_value("Territory", {"is_group": 0}, "name"),
			"client_tier": "Key Client",
			"account_manager": data.manager,
			"account_executive": data.executive,  # the client's own executive reads its contacts' notes
		}
	).insert(ignore_permissions=True)
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Rest Contact",
			"private_notes": "Allergic to seafood",
			"links": [{"link_doctype": "Customer", "link_name": client.name}],
		}
	).insert(ignore_permissions=True)
	data.update(client=client.name, contact=contact.name)
	frappe.db.commit()  # nosemgrep: the HTTP server reads it from another process
	yield data
	frappe.db.rollback()
	for visit in frappe.get_all(
		"Client Visit", filters={"customer": client.name}, fields=["name", "todo", "event"]
	):
		frappe.delete_doc("Client Visit", visit.name, force=True, ignore_permissions=True)
		for doctype, name in (("ToDo", visit.todo), ("Event", visit.event)):
			if name:
				frappe.delete_doc_if_exists(doctype, name, force=True)
	frappe.delete_doc("Contact", contact.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Customer", client.name, force=True, ignore_permissions=True)
	for user in (data.outsider, data.executive, data.manager):
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: remove what this module committed


def login(url: str, user: str) -> requests.Session:
	return browser_session(url, user, PASSWORD)


def test_outsider_cannot_read_private_notes_over_rest(server, people):
	outsider = login(server, people.outsider).get(
		f"{server}/api/resource/Contact/{people.contact}", timeout=30
	)
	executive = login(server, people.executive).get(
		f"{server}/api/resource/Contact/{people.contact}", timeout=30
	)
	assert outsider.status_code == 200 and executive.status_code == 200
	assert outsider.json()["data"].get("private_notes") is None
	assert outsider.json()["data"]["first_name"] == "Rest Contact"
	assert executive.json()["data"]["private_notes"] == "Allergic to seafood"


def test_outsider_cannot_overwrite_private_notes_over_rest(server, people):
	response = login(server, people.outsider).put(
		f"{server}/api/resource/Contact/{people.contact}", json={"private_notes": "Overwritten"}, timeout=30
	)
	frappe.db.rollback()  # see what the server committed
	assert frappe.db.get_value("Contact", people.contact, "private_notes") == "Allergic to seafood"
	assert response.status_code in (200, 403)


def test_manager_plans_a_visit_over_rest_and_an_outsider_cannot(server, people):
	start = f"{add_days(nowdate(), 4)} 10:00:00"
	refused = login(server, people.outsider).post(
		f"{server}/api/method/agency_service.api.visits.plan_visit",
		data={"customer": people.client, "visit_start": start},
		timeout=30,
	)
	assert refused.status_code == 403
	planned = login(server, people.manager).post(
		f"{server}/api/method/agency_service.api.visits.plan_visit",
		data={"customer": people.client, "visit_start": start, "purpose": "Brief for the autumn campaign"},
		timeout=30,
	)
	assert planned.ok, planned.text
	frappe.db.rollback()
	visit = frappe.get_doc("Client Visit", planned.json()["message"])
	assert (visit.customer, visit.account_manager, visit.status) == (people.client, people.manager, "Planned")
	assert frappe.db.get_value("ToDo", visit.todo, "allocated_to") == people.manager

	listed = login(server, people.manager).get(
		f"{server}/api/resource/Client Visit",
		params={"filters": f'[["customer", "=", "{people.client}"]]', "fields": '["name", "status"]'},
		timeout=30,
	)
	assert listed.json()["data"] == [{"name": visit.name, "status": "Planned"}]
	hidden = login(server, people.outsider).get(
		f"{server}/api/resource/Client Visit/{visit.name}", timeout=30
	)
	assert hidden.status_code == 403


def test_bad_visit_times_are_refused_over_rest_with_a_clear_message(server, people):
	response = login(server, people.manager).post(
		f"{server}/api/resource/Client Visit",
		json={
			"customer": people.client,
			"visit_start": f"{add_days(nowdate(), 20)} 10:00:00",
			"visit_end": f"{add_days(nowdate(), 20)} 09:00:00",
			"purpose": "Wrong times",
		},
		timeout=30,
	)
	assert response.status_code == 417
	assert "must end after it starts" in response.text
	frappe.db.rollback()
	assert not frappe.db.exists("Client Visit", {"customer": people.client, "purpose": "Wrong times"})
