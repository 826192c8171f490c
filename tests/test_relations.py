"""The relationship register: a gift above its tier's allowance or beyond the yearly budget needs the
sign-off, and no REST call records it around that; events and shared information validate their input."""

import email as email_parser
import json

import frappe
import pytest
from frappe.utils import add_days, nowdate

from agency_service.agency_service.doctype.client_gift.client_gift import GiftError
from agency_service.guard import UncontrolledChangeError
from agency_service.relations.contacts import NotTheClientsContactError
from agency_service.signoff.engine import sign
from tests.factories import make_client, make_contact, make_outgoing_account, staff
from tests.live_server import api_session

RUN = "/api/method/run_doc_method"


def gift(customer, amount, **kw):
	return frappe.get_doc(
		{
			"doctype": "Client Gift",
			"customer": customer,
			"kind": kw.pop("kind", "Gift"),
			"given_on": kw.pop("given_on", nowdate()),
			"amount": amount,
			"description": kw.pop("description", "中秋月饼礼盒"),
			**kw,
		}
	)


def key_client():
	return make_client(client_tier="Key Client", account_director=staff("Account Director"))  # 10,000 / 1,000


def test_a_gift_within_the_allowance_is_approved_at_once():
	client = key_client()
	doc = gift(client.name, 800).insert()
	assert (doc.needs_approval, doc.yearly_budget, doc.approval_threshold) == (0, 10000, 1000)
	assert doc.record_gift() == "Approved"


def test_a_gift_above_the_threshold_waits_for_the_directors_signoff():
	client = key_client()
	doc = gift(client.name, 1500).insert()
	assert doc.needs_approval == 1
	assert "above the 1000.0 a gift may have without approval" in doc.approval_reason
	assert doc.record_gift() == "Awaiting Approval"
	assert doc.signoff_status == "Pending"
	with pytest.raises(frappe.ValidationError):  # locked while under sign-off
		doc.reload()
		doc.amount = 900
		doc.save()
	frappe.set_user(client.account_director)
	sign("Client Gift", doc.name, "Approved", comment="合理的节日礼品")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Client Gift", doc.name, "status") == "Approved"


def test_gifts_beyond_the_yearly_budget_need_approval_even_when_each_is_small():
	client = key_client()
	for _ in range(10):
		gift(client.name, 900).insert().record_gift()  # 9,000 approved
	doc = gift(client.name, 900).insert()  # 9,900: within
	assert doc.record_gift() == "Approved"
	doc = gift(client.name, 900).insert()  # 10,800: beyond 10,000
	assert doc.needs_approval == 1 and "beyond the yearly budget of 10000.0" in doc.approval_reason
	assert doc.record_gift() == "Awaiting Approval"
	next_year = gift(client.name, 900, given_on=add_days(nowdate(), 366)).insert()
	assert next_year.needs_approval == 0


def test_bad_gift_input_gets_a_clear_translated_error():
	client = key_client()
	with pytest.raises(GiftError, match="must be more than zero"):
		gift(client.name, 0).insert()
	stranger = make_contact(make_client().name)
	with pytest.raises(NotTheClientsContactError, match="is not a contact of this client"):
		gift(client.name, 100, contact=stranger.name).insert()
	with pytest.raises(UncontrolledChangeError):
		gift(client.name, 5000, status="Approved").insert()
	frappe.local.lang = "zh"
	with pytest.raises(GiftError, match="必须大于零"):
		gift(client.name, -5).insert()


def test_a_recorded_gift_cannot_be_changed_or_deleted():
	client = key_client()
	doc = gift(client.name, 500).insert()
	doc.record_gift()
	doc.reload()
	doc.amount = 50000
	with pytest.raises(GiftError, match="cannot change once the gift is recorded"):
		doc.save()
	with pytest.raises(GiftError):
		frappe.delete_doc("Client Gift", doc.name)


# --- over HTTP -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crew(live_server, live_data):
	c = frappe._dict(ae=staff("Account Executive"), director=staff("Account Director"))
	for user in (c.ae, c.director):
		live_data.add(frappe.get_doc("User", user))
	c.client = live_data.add(make_client(client_tier="Key Client", account_director=c.director)).name
	live_data.commit()
	c.http = api_session(live_server, c.ae)
	c.director_http = api_session(live_server, c.director)
	c.live_data = live_data
	return c


def call(session, method, path, **kw):
	return session.request(method, session.base_url + path, timeout=60, **kw)


def stored(name):
	frappe.db.rollback()
	return frappe.db.get_value(
		"Client Gift", name, ["status", "amount", "needs_approval", "signoff_status"], as_dict=True
	)


def test_a_gift_over_the_allowance_cannot_be_recorded_around_the_signoff_over_rest(crew):
	big = {"doctype": "Client Gift", "customer": crew.client, "kind": "Hospitality", "amount": 3000}
	big |= {"given_on": nowdate(), "description": "高尔夫球邀请"}
	# created already approved: refused
	response = call(crew.http, "POST", "/api/resource/Client Gift", json={**big, "status": "Approved"})
	assert response.status_code >= 400 and "cannot be set directly" in response.text
	response = call(crew.http, "POST", "/api/resource/Client Gift", json={**big, "needs_approval": 0})
	assert response.ok, response.text
	name = response.json()["data"]["name"]
	crew.live_data.records.append(("Client Gift", name))
	assert stored(name).needs_approval == 1  # computed, not taken from the request

	resource = f"/api/resource/Client Gift/{name}"
	doc = json.loads(call(crew.http, "GET", resource).text)["data"]
	attempts = [
		("PUT", resource, {"json": {"status": "Approved"}}),
		("PUT", resource, {"json": {"signoff_status": "Approved"}}),
		(
			"POST",
			"/api/method/frappe.client.set_value",
			{"data": {"doctype": "Client Gift", "name": name, "fieldname": "status", "value": "Approved"}},
		),
		(
			"POST",
			"/api/method/frappe.client.set_value",
			{
				"data": {
					"doctype": "Client Gift",
					"name": name,
					"fieldname": json.dumps({"status": "Approved", "signoff_status": "Approved"}),
				}
			},
		),
		("POST", RUN, {"data": {"method": "record_gift", "docs": json.dumps({**doc, "status": "Approved"})}}),
		(
			"POST",
			RUN,
			{
				"data": {
					"method": "record_gift",
					"docs": json.dumps({**doc, "needs_approval": 0, "approval_threshold": 999999}),
				}
			},
		),
		(
			"POST",
			RUN,
			{
				"data": {
					"method": "on_signoff_approved",
					"dt": "Client Gift",
					"dn": name,
					"args": json.dumps({"purpose": "gift"}),
				}
			},
		),
	]
	for method, path, kwargs in attempts:
		response = call(crew.http, method, path, **kwargs)
		assert response.status_code >= 400, (path, kwargs, response.text[:300])
		assert stored(name).status == "Draft", (path, kwargs)

	# recorded the proper way: it waits for the director
	response = call(crew.http, "POST", RUN, data={"method": "record_gift", "dt": "Client Gift", "dn": name})
	assert response.ok, response.text
	assert stored(name) == {
		"status": "Awaiting Approval",
		"amount": 3000,
		"needs_approval": 1,
		"signoff_status": "Pending",
	}
	for method, path, kwargs in [
		("PUT", resource, {"json": {"amount": 900}}),
		("PUT", resource, {"json": {"status": "Approved"}}),
		("DELETE", resource, {}),
	]:
		assert call(crew.http, method, path, **kwargs).status_code >= 400
	assert stored(name).status == "Awaiting Approval"

	response = call(
		crew.director_http,
		"POST",
		"/api/method/agency_service.api.signoff.sign_document",
		data={"doctype": "Client Gift", "name": name, "decision": "Approved", "comment": "同意"},
	)
	assert response.ok, response.text
	assert stored(name).status == "Approved"


# --- events and shared information ---------------------------------------------------------------


def test_client_events_record_invitations_and_attendance():
	from agency_service.agency_service.doctype.client_event.client_event import ClientEventError

	client = key_client()
	guest = make_contact(client.name)
	event = {
		"doctype": "Client Event",
		"event_title": "年度客户答谢宴",
		"event_type": "Appreciation Dinner",
		"starts_on": add_days(nowdate(), -1),
		"status": "Held",
		"invitations": [
			{"customer": client.name, "contact": guest.name, "response": "Accepted", "attended": 1}
		],
	}
	assert frappe.get_doc(event).insert().invitations[0].attended == 1
	with pytest.raises(ClientEventError, match="invited twice"):
		frappe.get_doc({**event, "invitations": event["invitations"] * 2}).insert()
	with pytest.raises(ClientEventError, match="once the event has started"):
		frappe.get_doc({**event, "starts_on": add_days(nowdate(), 5)}).insert()
	declined = [{"customer": client.name, "contact": guest.name, "response": "Declined", "attended": 1}]
	with pytest.raises(ClientEventError, match="declined cannot have attended"):
		frappe.get_doc({**event, "invitations": declined}).insert()
	stranger = make_contact(make_client().name)
	with pytest.raises(NotTheClientsContactError):
		frappe.get_doc(
			{**event, "invitations": [{"customer": client.name, "contact": stranger.name}]}
		).insert()


def test_information_shared_is_logged_per_client():
	client = key_client()
	doc = frappe.get_doc(
		{
			"doctype": "Client Information Shared",
			"customer": client.name,
			"information_category": "Competitor",
			"subject": "竞品双十一投放动向",
			"sharing_channel": "Email",
		}
	).insert()
	assert (doc.shared_by, str(doc.shared_on)) == ("Administrator", nowdate())
	with pytest.raises(frappe.ValidationError, match="cannot be in the future"):
		frappe.get_doc({**doc.as_dict(), "name": None, "shared_on": add_days(nowdate(), 2)}).insert()


def test_invitations_go_out_by_email_once_over_http(crew):
	guest = crew.live_data.add(
		make_contact(
			crew.client,
			email_ids=[
				{"email_id": f"guest-{frappe.generate_hash(length=6)}@client.example.com", "is_primary": 1}
			],
		)
	)
	silent = crew.live_data.add(make_contact(crew.client))  # no email address
	crew.live_data.commit()
	email = frappe.db.get_value("Contact", guest.name, "email_id")
	event = {
		"doctype": "Client Event",
		"event_title": "新品发布会",
		"event_type": "Seminar",
		"starts_on": add_days(nowdate(), 10),
		"status": "Planned",
		"venue": "上海国际会议中心",
		"invitations": [
			{"customer": crew.client, "contact": guest.name},
			{"customer": crew.client, "contact": silent.name},
		],
	}
	response = call(crew.http, "POST", "/api/resource/Client Event", json=event)
	assert response.ok, response.text
	name = response.json()["data"]["name"]
	crew.live_data.records.append(("Client Event", name))

	def queued():
		frappe.db.rollback()
		return frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Client Event", "reference_name": name},
			fields=["name", "message"],
		)

	# a doctored form cannot send them for an event already held, nor mark guests invited
	doc = json.loads(call(crew.http, "GET", f"/api/resource/Client Event/{name}").text)["data"]
	held = {**doc, "status": "Held", "starts_on": str(add_days(nowdate(), -1))}
	response = call(crew.http, "POST", RUN, data={"method": "send_invitations", "docs": json.dumps(held)})
	assert response.status_code >= 400 and not queued()

	# no outgoing email account yet: a clear error, nobody marked invited
	send = {"method": "send_invitations", "dt": "Client Event", "dn": name}
	response = call(crew.http, "POST", RUN, data=send)
	assert response.status_code == 417 and "No outgoing email account" in response.text
	assert not queued()
	crew.live_data.add(
		make_outgoing_account("Agency Events", f"events-{frappe.generate_hash(length=6)}@agency.example.com")
	)
	crew.live_data.commit()

	response = call(crew.http, "POST", RUN, data=send)
	assert response.ok, response.text
	assert response.json()["message"] == {"sent": 1, "without_email": [2]}
	mails = queued()
	assert len(mails) == 1
	assert frappe.get_all("Email Queue Recipient", {"parent": mails[0].name}, pluck="recipient") == [email]
	body = "".join(
		part.get_payload(decode=True).decode()
		for part in email_parser.message_from_string(mails[0].message).walk()
		if part.get_content_type() == "text/html"
	)
	assert "新品发布会" in body and "上海国际会议中心" in body
	rows = frappe.get_all(
		"Client Event Invitation", {"parent": name}, ["contact", "invited_on"], order_by="idx"
	)
	assert [(r.contact, str(r.invited_on) if r.invited_on else None) for r in rows] == [
		(guest.name, nowdate()),
		(silent.name, None),
	]
	# a second send invites nobody twice
	response = call(
		crew.http, "POST", RUN, data={"method": "send_invitations", "dt": "Client Event", "dn": name}
	)
	assert response.json()["message"] == {"sent": 0, "without_email": [2]} and len(queued()) == 1
	for mail in queued():
		crew.live_data.records.append(("Email Queue", mail.name))
