"""The public survey page and the REST API over real HTTP: gunicorn serves the test site.

The server is another process, so the data these tests use is committed and removed afterwards.
"""

import json

import frappe
import pytest
import requests
from frappe.utils import add_to_date, now_datetime

from agency_service.surveys import links
from tests.factories import make_user
from tests.live_server import browser_session
from tests.survey_factories import make_invitation, make_outbox, make_served_client, page_answers

SUBMIT = "/api/method/agency_service.api.surveys.submit_survey"
PASSWORD = "Survey-Test-Pw-2026!"


@pytest.fixture(scope="module")
def server(live_server):
	clear_rate_limits()
	return live_server


@pytest.fixture(scope="module")
def data(server):
	"""A committed zh-TW client with two contacts, an account manager who can log in, and an outbox."""
	frappe.set_user("Administrator")
	muted = frappe.flags.mute_emails
	frappe.flags.mute_emails = True
	had_outbox = frappe.db.get_value("Email Account", {"default_outgoing": 1, "enable_outgoing": 1})
	outbox = make_outbox()
	client, contacts = make_served_client(language="zh-TW", contacts=3)
	frappe.get_doc("User", client.account_manager).update({"new_password": PASSWORD}).save(
		ignore_permissions=True
	)
	outsider = make_user("Department Lead")
	frappe.get_doc("User", outsider).update({"new_password": PASSWORD}).save(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: the server process reads these
	yield frappe._dict(client=client, contacts=contacts, outsider=outsider)
	frappe.db.rollback()
	remove_client(client.name)
	for user in (client.account_manager, client.account_director, outsider):
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	if not had_outbox:
		frappe.delete_doc("Email Account", outbox, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: clean up what the module committed
	frappe.flags.mute_emails = muted


def remove_client(customer: str):
	responses = frappe.get_all("Survey Response", {"customer": customer}, pluck="name")
	invitations = frappe.get_all("Survey Invitation", {"customer": customer}, pluck="name")
	if responses:
		frappe.db.delete("Survey Response Answer", {"parent": ("in", responses)})
		frappe.db.delete("ToDo", {"reference_type": "Survey Response", "reference_name": ("in", responses)})
		frappe.db.delete("Notification Log", {"document_name": ("in", responses)})
		frappe.db.delete("Survey Response", {"name": ("in", responses)})
	if invitations:
		queued = frappe.get_all("Email Queue", {"reference_name": ("in", invitations)}, pluck="name")
		if queued:
			frappe.db.delete("Email Queue Recipient", {"parent": ("in", queued)})
			frappe.db.delete("Email Queue", {"name": ("in", queued)})
		frappe.db.delete("Survey Invitation", {"name": ("in", invitations)})
	for contact in frappe.get_all(
		"Dynamic Link", {"parenttype": "Contact", "link_name": customer}, pluck="parent"
	):
		frappe.delete_doc("Contact", contact, force=True, ignore_permissions=True)
	frappe.delete_doc("Customer", customer, force=True, ignore_permissions=True)


def clear_rate_limits():
	frappe.cache.delete_keys("rl:")


def committed_invitation(data, contact_index=0):
	frappe.flags.mute_emails = True
	invitation, token = make_invitation(data.client.name, data.contacts[contact_index].name)
	frappe.db.commit()  # nosemgrep: the server process reads it
	return invitation, token


def fresh(doctype, filters, field="name"):
	frappe.db.rollback()  # see what the server committed
	return frappe.db.get_value(doctype, filters, field)


def responses(data) -> int:
	frappe.db.rollback()
	return frappe.db.count("Survey Response", {"customer": data.client.name})


def submit(server, token, answers):
	return requests.post(f"{server}{SUBMIT}", json={"token": token, "answers": answers}, timeout=30)


def server_message(response) -> str:
	body = response.json()
	messages = [json.loads(m).get("message", "") for m in json.loads(body.get("_server_messages", "[]"))]
	return " ".join([*messages, body.get("exception", "")])


def test_survey_page_is_in_the_contacts_language_and_stores_nothing(server, data):
	invitation, token = committed_invitation(data)
	page = requests.get(f"{server}/client-survey", params={"token": token}, timeout=30)
	assert page.status_code == 200
	assert "客戶滿意度調查" in page.text
	assert "您對我們的創意、設計、製作和媒介投放品質是否滿意？" in page.text
	assert 'name="viewport"' in page.text and token in page.text
	assert responses(data) == 0
	assert fresh("Survey Invitation", invitation.name, "status") == "Sent"


def test_answers_are_taken_once_and_thanked_for(server, data):
	invitation, token = committed_invitation(data)
	before = responses(data)
	reply = submit(server, token, page_answers())
	assert reply.status_code == 200, reply.text
	assert reply.json()["message"]["message"] == "謝謝！您的回答將幫助我們更好地為您服務。"
	assert responses(data) == before + 1
	response = fresh(
		"Survey Response", {"survey_invitation": invitation.name}, ["channel", "entered_offline"]
	)
	assert response == ("Online", 0)
	assert fresh("Survey Invitation", invitation.name, "status") == "Responded"

	again = submit(server, token, page_answers())
	assert again.status_code == 417
	assert "此問卷已經填寫過了" in server_message(again)
	assert responses(data) == before + 1
	page = requests.get(f"{server}/client-survey", params={"token": token}, timeout=30)
	assert page.status_code == 410 and "此問卷已經填寫過了" in page.text


def test_expired_link_gets_a_clear_page_and_stores_nothing(server, data):
	invitation, token = committed_invitation(data, 1)
	frappe.db.set_value(
		"Survey Invitation", invitation.name, "expires_on", add_to_date(now_datetime(), hours=-1)
	)
	frappe.db.commit()  # nosemgrep: the server process reads it
	before = responses(data)
	page = requests.get(f"{server}/client-survey", params={"token": token}, timeout=30)
	assert page.status_code == 410 and "此問卷連結已過期" in page.text
	reply = submit(server, token, page_answers())
	assert reply.status_code == 417 and "過期" in server_message(reply)
	assert responses(data) == before


@pytest.mark.parametrize(
	"make_token",
	[
		lambda token: links.new_token()[0],  # guessed
		lambda token: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),  # tampered
		lambda token: token.upper(),
		lambda token: "",
	],
)
def test_unknown_or_tampered_links_are_refused(server, data, make_token):
	invitation, token = committed_invitation(data, 2)
	before = responses(data)
	bad = make_token(token)
	page = requests.get(f"{server}/client-survey", params={"token": bad}, timeout=30)
	assert page.status_code == 404 and "This survey link is not valid" in page.text
	reply = submit(server, bad, page_answers())
	assert reply.status_code == 417
	assert responses(data) == before
	assert fresh("Survey Invitation", invitation.name, "status") == "Sent"


def test_invalid_answers_are_refused_in_the_clients_language(server, data):
	invitation, token = committed_invitation(data)
	before = responses(data)
	reply = submit(server, token, page_answers({"Service Quality": "7"}))
	assert reply.status_code == 417
	assert "的回答必須是 1 到 5 之間的整數" in server_message(reply)
	reply = submit(server, token, "not json")
	assert reply.status_code == 417
	assert responses(data) == before
	assert fresh("Survey Invitation", invitation.name, "status") == "Sent"


def test_a_low_answer_online_opens_one_follow_up(server, data):
	invitation, token = committed_invitation(data)
	reply = submit(server, token, page_answers({"Service Efficiency": "1"}, nps="3"))
	assert reply.status_code == 200, reply.text
	response = fresh("Survey Response", {"survey_invitation": invitation.name})
	todos = frappe.get_all(
		"ToDo", {"reference_type": "Survey Response", "reference_name": response}, pluck="allocated_to"
	)
	assert todos == [data.client.account_manager]
	assert frappe.db.get_value("Customer", data.client.name, "last_survey_date")


def login(server, user) -> requests.Session:
	return browser_session(server, user, PASSWORD)


def test_rest_api_reads_and_invites_with_permission_checks(server, data):
	resource = f"{server}/api/resource/Survey Response"
	filters = json.dumps([["customer", "=", data.client.name]])
	assert requests.get(resource, params={"filters": filters}, timeout=30).status_code == 403

	manager = login(server, data.client.account_manager)
	listed = manager.get(resource, params={"filters": filters, "fields": '["name","channel"]'}, timeout=30)
	assert listed.ok
	assert {row["channel"] for row in listed.json()["data"]} <= {"Online"}

	invite = f"{server}/api/method/agency_service.api.surveys.invite_contact"
	payload = {"customer": data.client.name, "contact": data.contacts[1].name}
	outsider = login(server, data.outsider)
	assert outsider.post(invite, json=payload, timeout=30).status_code == 403
	reply = manager.post(invite, json=payload, timeout=30)
	assert reply.ok, reply.text
	assert fresh("Survey Invitation", reply.json()["message"], ["status", "trigger"]) == (
		"Sent",
		"Sent by Hand",
	)

	bad = manager.post(invite, json={**payload, "contact": "no-such-contact"}, timeout=30)
	assert bad.status_code in (404, 417)


def test_survey_page_and_submission_are_rate_limited(server, data):
	clear_rate_limits()
	limit = 60
	codes = [
		requests.get(f"{server}/client-survey", params={"token": "x"}, timeout=30).status_code
		for _ in range(limit + 2)
	]
	assert codes[:limit] == [404] * limit
	assert codes[-1] == 429
	for _ in range(limit + 1):
		last = submit(server, "x", {})
	assert last.status_code == 429
	clear_rate_limits()
	assert requests.get(f"{server}/client-survey", params={"token": "x"}, timeout=30).status_code == 404
