"""Tier changes and credit through Frappe's REST API, served by gunicorn on a loopback port.

The data these tests need is committed (the server runs in another process) and removed afterwards.
"""

import frappe
import pytest
import requests
from frappe.utils import random_string

from tests.factories import make_user
from tests.live_server import browser_session

PASSWORD = f"Rest-{random_string(10)}#9"


@pytest.fixture(scope="module")
def server(live_server):
	return live_server


@pytest.fixture(scope="module")
def people(server):
	"""Committed: a manager, a director, an executive, a credit reviewer and a Key client of theirs."""
	frappe.set_user("Administrator")
	data = frappe._dict(
		manager=make_user("Account Manager", "Sales User", password=PASSWORD),
		director=make_user("Account Director", "Sales User", password=PASSWORD),
		executive=make_user("Account Executive", "Sales User", password=PASSWORD),
		reviewer=make_user("Credit Reviewer", "Sales User", password=PASSWORD),
	)
	client = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": f"REST Scorecard Client {random_string(6)}",
			"customer_type": "Company",
			"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
			"territory": frappe.db.get_value("Territory", {"is_group": 0}, "name"),
			"client_tier": "Key Client",
			"account_manager": data.manager,
			"account_director": data.director,
		}
	).insert(ignore_permissions=True)
	data.client = client.name
	frappe.db.commit()  # nosemgrep: the HTTP server reads it from another process
	yield data
	frappe.db.rollback()
	remove_committed(data)
	frappe.db.commit()  # nosemgrep: remove what this module committed


def remove_committed(data):
	changes = frappe.get_all("Client Tier Change", filters={"customer": data.client}, pluck="name")
	requests_ = frappe.get_all(
		"Sign-off Request", filters={"reference_name": ("in", changes or [""])}, pluck="name"
	)
	frappe.db.delete("Sign-off Request Step", {"parent": ("in", requests_ or [""])})
	frappe.db.delete("Sign-off Signature", {"request": ("in", requests_ or [""])})
	frappe.db.delete("Sign-off Request", {"name": ("in", requests_ or [""])})
	for reference in (*changes, data.client):
		for doctype, field in (
			("ToDo", "reference_name"),
			("Comment", "reference_name"),
			("Notification Log", "document_name"),
		):
			frappe.db.delete(doctype, {field: reference})
	frappe.db.delete("Client Tier Change", {"customer": data.client})
	frappe.db.delete("Customer Credit Limit", {"parent": data.client})
	frappe.delete_doc("Customer", data.client, force=True, ignore_permissions=True)
	for user in (data.manager, data.director, data.executive, data.reviewer):
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)


def login(url: str, user: str) -> requests.Session:
	return browser_session(url, user, PASSWORD)


def test_downgrade_over_rest_waits_for_the_director_and_cannot_be_forced(server, people):
	manager = login(server, people.manager)
	refused = manager.put(
		f"{server}/api/resource/Customer/{people.client}", json={"client_tier": "Regular Client"}, timeout=30
	)
	assert refused.status_code == 417 and "sign-off" in refused.text
	requested = manager.post(
		f"{server}/api/method/agency_service.api.scorecard.request_tier_change",
		data={"customer": people.client, "new_tier": "Regular Client", "reason": "Budget halved"},
		timeout=30,
	)
	assert requested.ok, requested.text
	change = requested.json()["message"]
	assert (change["change_type"], change["status"]) == ("Downgrade", "Awaiting Approval")
	forged = manager.put(
		f"{server}/api/resource/Client Tier Change/{change['name']}", json={"status": "Applied"}, timeout=30
	)
	assert not forged.ok
	self_signed = manager.post(
		f"{server}/api/method/agency_service.api.signoff.sign_document",
		data={"doctype": "Client Tier Change", "name": change["name"], "decision": "Approved"},
		timeout=30,
	)
	assert not self_signed.ok
	frappe.db.rollback()
	assert frappe.db.get_value("Customer", people.client, "client_tier") == "Key Client"

	signed = login(server, people.director).post(
		f"{server}/api/method/agency_service.api.signoff.sign_document",
		data={
			"doctype": "Client Tier Change",
			"name": change["name"],
			"decision": "Approved",
			"comment": "OK",
		},
		timeout=30,
	)
	assert signed.ok, signed.text
	frappe.db.rollback()
	assert frappe.db.get_value("Customer", people.client, "client_tier") == "Regular Client"
	assert frappe.db.get_value("Client Tier Change", change["name"], "status") == "Applied"


def test_credit_is_set_by_the_credit_reviewer_not_the_account_executive(server, people):
	company = frappe.defaults.get_global_default("company")
	args = {"customer": people.client, "company": company, "credit_limit": 80000, "credit_rating": "B"}
	refused = login(server, people.executive).post(
		f"{server}/api/method/agency_service.api.receivables.set_client_credit", data=args, timeout=30
	)
	assert refused.status_code == 403
	done = login(server, people.reviewer).post(
		f"{server}/api/method/agency_service.api.receivables.set_client_credit", data=args, timeout=30
	)
	assert done.ok, done.text
	frappe.db.rollback()
	assert frappe.db.get_value("Customer", people.client, "credit_rating") == "B"
	assert frappe.db.get_value("Customer Credit Limit", {"parent": people.client}, "credit_limit") == 80000
