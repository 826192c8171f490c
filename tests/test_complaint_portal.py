"""The client portal over real HTTP: a client's contact files and follows a complaint, and every way a
logged-in client could reach another client's complaint — by name in URLs, list filters, /api/resource,
file URLs, messages, comments, reports, search — is refused with nothing changed."""

import json
import re

import frappe
import pytest
import requests

from tests.factories import make_client, make_contact, make_user, propose_solution, staff
from tests.live_server import api_session

API = "/api/method/agency_service.api.complaints."
PASSWORD = "Portal#Test-2026"


@pytest.fixture(scope="module")
def portal(live_server, live_data):
	t = frappe._dict(url=live_server)
	t.manager = staff("Account Manager")
	live_data.add(frappe.get_doc("User", t.manager))
	for side in ("a", "b"):
		client = live_data.add(make_client(client_tier="Key Client", account_manager=t.manager))
		user = make_user("Customer", password=PASSWORD)
		live_data.add(frappe.get_doc("User", user))
		contact = live_data.add(
			make_contact(client.name, user=user, email_ids=[{"email_id": user, "is_primary": 1}])
		)
		complaint = live_data.add(
			frappe.get_doc(
				{
					"doctype": "Client Complaint",
					"customer": client.name,
					"contact": contact.name,
					"subject": f"Secret matter of client {side.upper()}",
					"content": f"<p>Confidential details {side}</p>",
					"category": "Price",
					"priority": "High",
					"channel": "Phone",
				}
			).insert()
		)
		complaint.db_set({"facts": "<p>internal facts</p>", "root_cause": "Process Gap"})
		client_file = live_data.add(
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"client-{side}.txt",
					"attached_to_doctype": "Client Complaint",
					"attached_to_name": complaint.name,
					"is_private": 1,
					"content": f"client evidence {side}".encode(),
				}
			)
		)
		frappe.set_user(user)  # uploaded by the client
		client_file.insert(ignore_permissions=True)
		frappe.set_user("Administrator")
		staff_file = live_data.add(
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"internal-{side}.txt",
					"attached_to_doctype": "Client Complaint",
					"attached_to_name": complaint.name,
					"is_private": 1,
					"content": f"internal evidence {side}".encode(),
				}
			).insert()
		)
		t[side] = frappe._dict(
			client=client.name,
			user=user,
			complaint=complaint.name,
			client_file=client_file.file_url,
			staff_file=staff_file.file_url,
		)
	live_data.commit()
	t.a.http = api_session(live_server, t.a.user)
	t.b.http = api_session(live_server, t.b.user)
	return t


def browser(url: str, user: str) -> requests.Session:
	"""Logged in with a password, like a person: a session cookie and the page's CSRF token."""
	session = requests.Session()
	response = session.post(f"{url}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=60)
	assert response.ok, response.text
	page = session.get(f"{url}/complaints", timeout=60)
	assert page.status_code == 200, page.text[:500]
	session.headers["X-Frappe-CSRF-Token"] = re.search(r'frappe.csrf_token = "([^"]+)"', page.text).group(1)
	session.headers["Accept"] = "application/json"
	return session


def forget_and_count(doctype, filters=None):
	frappe.db.rollback()  # see what the server committed
	return frappe.db.count(doctype, filters or {})


def test_a_client_files_and_follows_a_complaint(portal, live_data):
	http = browser(portal.url, portal.a.user)
	response = http.post(
		portal.url + API + "file_complaint",
		data={
			"subject": "Poster misprint",
			"category": "Creative and Production Quality",
			"severity": "High",
			"content": "The poster colours are wrong.\n<script>alert('x')</script>",
			"demand": "Reprint by Friday",
		},
		files=[("attachments", ("photo.png", b"\x89PNG fake", "image/png"))],
		timeout=60,
	)
	assert response.ok, response.text
	name = response.json()["message"]
	frappe.db.rollback()
	doc = frappe.get_doc("Client Complaint", name)
	live_data.add(doc)
	for file in frappe.get_all("File", {"attached_to_name": name}, pluck="name"):
		live_data.records.append(("File", file))
	assert (doc.customer, doc.channel, doc.raised_by, doc.status) == (
		portal.a.client,
		"Portal",
		portal.a.user,
		"Registered",
	)
	assert doc.response_by and doc.sla_resolution_by
	assert "<script" not in doc.content and "&lt;script&gt;" in doc.content
	assert frappe.db.count("File", {"attached_to_name": name}) == 1

	page = http.get(f"{portal.url}/complaints", timeout=60)
	assert name in page.text and portal.a.complaint in page.text
	assert portal.b.complaint not in page.text and "Secret matter of client B" not in page.text
	detail = http.get(f"{portal.url}/complaints/{name}", timeout=60)
	assert detail.status_code == 200 and "Poster misprint" in detail.text

	# the client writes to the agency
	assert http.post(
		portal.url + API + "add_message", data={"name": name, "message": "Any news?"}, timeout=60
	).ok
	frappe.db.rollback()
	messages = frappe.get_all(
		"Communication", {"reference_name": name, "sent_or_received": "Received"}, pluck="name"
	)
	live_data.records.extend(("Communication", m) for m in messages)
	assert len(messages) == 1

	# the agency proposes a solution, the client accepts it on the portal, then rates the outcome
	frappe.db.rollback()
	propose_solution(
		frappe.get_doc("Client Complaint", name),
		portal.manager,
		"<p>Wrong colour profile</p>",
		"<p>Reprint at our cost</p>",
	)
	frappe.db.commit()
	assert "Reprint at our cost" in http.get(f"{portal.url}/complaints/{name}", timeout=60).text
	response = http.post(portal.url + API + "decide", data={"name": name, "decision": "Accepted"}, timeout=60)
	assert response.json()["message"] == "Client Agreed"
	frappe.db.rollback()
	doc = frappe.get_doc("Client Complaint", name)
	assert (doc.client_decision, doc.client_decision_by) == ("Accepted", portal.a.user)
	doc.start_execution()
	doc.mark_resolved("Reprinted")
	frappe.db.commit()
	response = http.post(
		portal.url + API + "rate", data={"name": name, "satisfied": "Yes", "rating": 5}, timeout=60
	)
	assert response.json()["message"] == "Closed"
	frappe.db.rollback()
	assert frappe.db.get_value("Client Complaint", name, "client_rating") == 1


@pytest.mark.parametrize(
	"fields, files, message",
	[
		({"content": "   "}, None, "needed"),
		({"category": "Free Lunch"}, None, "categories"),
		({"severity": "Apocalyptic"}, None, "serious"),
		({}, [("attachments", ("huge.pdf", b"0" * (11 * 1024 * 1024), "application/pdf"))], "larger than"),
		({}, [("attachments", ("run.exe", b"MZ", "application/octet-stream"))], "cannot be attached"),
	],
)
def test_bad_input_gets_a_clear_error_and_stores_nothing(portal, fields, files, message):
	http = browser(portal.url, portal.a.user)
	before = forget_and_count("Client Complaint"), forget_and_count("File")
	data = {"subject": "Bad", "category": "Price", "severity": "Low", "content": "text", **fields}
	response = http.post(portal.url + API + "file_complaint", data=data, files=files, timeout=60)
	assert response.status_code >= 400
	assert message in json.dumps(response.json())
	assert (forget_and_count("Client Complaint"), forget_and_count("File")) == before


def cross_client_attempts(t):
	"""(method, path, params/data) — a client reaching for another client's complaint, 20+ ways."""
	b = t.b.complaint
	dt = "Client Complaint"
	resource = f"/api/resource/{dt}"
	return [
		("GET", f"{resource}/{b}", None),
		("PUT", f"{resource}/{b}", {"subject": "hacked"}),
		("DELETE", f"{resource}/{b}", None),
		("GET", resource, {"filters": json.dumps([["customer", "=", t.b.client]])}),
		("GET", resource, {"filters": json.dumps([["name", "=", b]]), "fields": '["name","subject"]'}),
		("GET", resource, {"fields": '["name","customer"]', "limit_page_length": 0}),
		("GET", "/api/method/frappe.client.get", {"doctype": dt, "name": b}),
		("GET", "/api/method/frappe.client.get_list", {"doctype": dt, "filters": json.dumps({"name": b})}),
		(
			"GET",
			"/api/method/frappe.client.get_value",
			{"doctype": dt, "fieldname": "subject", "filters": json.dumps({"name": b})},
		),
		("GET", "/api/method/frappe.client.get_count", {"doctype": dt, "filters": json.dumps({"name": b})}),
		("POST", "/api/method/frappe.client.set_value", {"doctype": dt, "name": b, "fieldname": "subject", "value": "x"}),
		("GET", "/api/method/frappe.desk.form.load.getdoc", {"doctype": dt, "name": b}),
		("POST", "/api/method/frappe.desk.reportview.get", {"doctype": dt, "fields": '["name","subject"]'}),
		("GET", "/api/method/frappe.desk.search.search_link", {"doctype": dt, "txt": "Secret matter of client B"}),
		("GET", API + "get_complaint", {"name": b}),
		("GET", API + "get_complaints", {"status": "Registered"}),
		("POST", API + "add_message", {"name": b, "message": "peek"}),
		("POST", API + "decide", {"name": b, "decision": "Accepted"}),
		("POST", API + "rate", {"name": b, "satisfied": "Yes", "rating": 5}),
		("POST", API + "file_complaint", {"client": t.b.client, "subject": "x", "category": "Price", "severity": "Low", "content": "x"}),
		("GET", t.b.client_file, None),
		("GET", t.b.staff_file, None),
		("GET", "/api/resource/File", {"filters": json.dumps([["attached_to_name", "=", b]]), "fields": '["file_url"]'}),
		("GET", "/api/resource/Communication", {"filters": json.dumps([["reference_name", "=", b]])}),
		("GET", "/api/resource/Comment", {"filters": json.dumps([["reference_name", "=", b]])}),
		("GET", "/api/method/frappe.desk.form.load.get_docinfo", {"doctype": dt, "name": b}),
		("POST", "/api/method/frappe.desk.query_report.run", {"report_name": "Complaint SLA Compliance", "filters": "{}"}),
		("POST", "/api/method/frappe.desk.query_report.run", {"report_name": "Complaint Analysis", "filters": "{}"}),
		("POST", "/api/method/frappe.desk.reportview.export_query", {"doctype": dt, "file_format_type": "CSV"}),
		("GET", f"/complaints/{b}", None),
		("GET", f"/printview?doctype={dt}&name={b}", None),
		("GET", f"/api/method/frappe.utils.print_format.download_pdf?doctype={dt}&name={b}", None),
	]  # fmt: skip


def test_nothing_of_another_client_can_be_seen_or_touched(portal):
	http = portal.a.http
	before = frappe.get_doc("Client Complaint", portal.b.complaint).as_dict()
	messages_before = forget_and_count("Communication", {"reference_name": portal.b.complaint})
	attempts = cross_client_attempts(portal)
	assert len(attempts) >= 20
	leaks = []
	for method, path, payload in attempts:
		kw = {"params": payload} if method in ("GET", "DELETE") else {"data": payload}
		response = http.request(method, portal.url + path, timeout=60, **kw)
		body = response.text
		if response.ok and (
			"Secret matter of client B" in body
			or "Confidential details b" in body
			or "client evidence b" in body
			or "internal evidence b" in body
			or portal.b.complaint in body
		):
			leaks.append((method, path, response.status_code, body[:200]))
	assert leaks == []
	frappe.db.rollback()
	after = frappe.get_doc("Client Complaint", portal.b.complaint).as_dict()
	assert (
		after.subject == before.subject
		and after.status == before.status
		and after.modified == before.modified
	)
	assert forget_and_count("Communication", {"reference_name": portal.b.complaint}) == messages_before
	assert forget_and_count("Client Complaint", {"customer": portal.b.client}) == 1


def test_a_client_sees_its_own_complaint_without_the_internal_fields(portal):
	http = portal.a.http
	response = http.get(f"{portal.url}/api/resource/Client Complaint/{portal.a.complaint}", timeout=60)
	assert response.ok, response.text
	data = response.json()["data"]
	assert data["subject"] == "Secret matter of client A"
	for internal in ("facts", "root_cause", "escalations", "investigator", "response_breached"):
		assert not data.get(internal), internal
	# files attached to a complaint are shared with the client, like an email's attachments
	assert http.get(portal.url + portal.a.client_file, timeout=60).text == "client evidence a"
	assert http.get(portal.url + portal.a.staff_file, timeout=60).text == "internal evidence a"
	detail = http.get(portal.url + API + "get_complaint", params={"name": portal.a.complaint}, timeout=60)
	assert len(detail.json()["message"]["attachments"]) == 2


def test_a_client_cannot_work_the_complaint_as_staff(portal):
	http = portal.a.http
	response = http.post(
		portal.url + "/api/method/run_doc_method",
		data={
			"dt": "Client Complaint",
			"dn": portal.a.complaint,
			"method": "acknowledge",
			"args": json.dumps({"channel": "Phone"}),
		},
		timeout=60,
	)
	assert response.status_code >= 400
	frappe.db.rollback()
	assert frappe.db.get_value("Client Complaint", portal.a.complaint, "status") == "Registered"


def test_the_portal_menu_lists_complaints_for_clients(portal):
	http = browser(portal.url, portal.a.user)
	page = http.get(f"{portal.url}/me", timeout=60)
	assert 'href="/complaints"' in page.text
