"""The sign-off chain over real HTTP: every bypass a logged-in user could try through the REST API is
refused with nothing changed, and two approvers co-signing at the same moment advance the step once."""

import json
import threading

import frappe
import pytest

from tests.factories import make_admission, make_client, make_work_order, staff
from tests.live_server import api_session

SIGN = "/api/method/agency_service.api.signoff.sign_document"


@pytest.fixture(scope="module")
def team(live_server, live_data):
	t = frappe._dict(
		ae=staff("Account Executive"),
		marketing=staff("Department Lead"),
		director=staff("Account Director"),
		head=staff("Client Service Head"),
		sysman=staff("System Manager", "Account Manager"),
	)
	for user in (t.ae, t.marketing, t.director, t.head, t.sysman):
		live_data.add(frappe.get_doc("User", user))
	t.client = live_data.add(make_client(account_director=t.director, client_tier="Key Client")).name
	admission = live_data.add(make_admission(owner=t.ae))
	frappe.set_user(t.ae)
	admission.submit_for_review()
	frappe.set_user("Administrator")
	t.admission = admission.name
	live_data.commit()
	t.http = {
		user: api_session(live_server, user) for user in (t.ae, t.marketing, t.director, t.head, t.sysman)
	}
	return t


def call(session, method, path, **kw):
	return session.request(method, session.base_url + path, timeout=60, **kw)


def snapshot(doctype, name):
	frappe.db.rollback()  # see what the server committed
	doc = frappe.get_doc(doctype, name)
	request = frappe.get_doc("Sign-off Request", doc.signoff_request)
	return {
		"doc": {k: v for k, v in doc.as_dict().items() if k not in ("modified", "_assign", "_comments")},
		"request": (request.status, request.current_step_no, request.pending_with, len(request.steps)),
		"signatures": frappe.db.count("Sign-off Signature", {"reference_name": name}),
	}


def bypass_attempts(t):
	"""(user, method, path, payload) — each one an attempt to skip, forge or undo the sign-off."""
	adm = t.admission
	request = frappe.db.get_value("Client Admission", adm, "signoff_request")
	step_row = frappe.db.get_value("Sign-off Request Step", {"parent": request, "step_no": 1}, "name")
	resource = f"/api/resource/Client Admission/{adm}"
	set_value = "/api/method/frappe.client.set_value"
	doc = frappe.get_doc("Client Admission", adm).as_dict(convert_dates_to_str=True)
	forged_signature = {
		"request": request,
		"reference_doctype": "Client Admission",
		"reference_name": adm,
		"cycle": 1,
		"step_no": 1,
		"signer": t.marketing,
		"decision": "Approved",
	}
	return [
		(t.ae, "PUT", resource, {"signoff_status": "Approved"}),
		(t.ae, "PUT", resource, {"status": "Approved"}),
		(t.ae, "PUT", resource, {"budget": 1}),
		(t.ae, "PUT", resource, {"credit_rating": "A", "proposed_credit_limit": 99999999}),
		(
			t.ae,
			"POST",
			set_value,
			{"doctype": "Client Admission", "name": adm, "fieldname": "signoff_status", "value": "Approved"},
		),
		(
			t.ae,
			"POST",
			set_value,
			{"doctype": "Client Admission", "name": adm, "fieldname": "status", "value": "Approved"},
		),
		(
			t.ae,
			"POST",
			"/api/method/frappe.client.save",
			{"doc": json.dumps({**doc, "signoff_status": "Approved", "status": "Approved"})},
		),
		(t.sysman, "POST", "/api/resource/Sign-off Signature", forged_signature),
		(
			t.sysman,
			"PUT",
			f"/api/resource/Sign-off Request/{request}",
			{"status": "Approved", "current_step_no": 4},
		),
		(
			t.sysman,
			"POST",
			set_value,
			{"doctype": "Sign-off Request", "name": request, "fieldname": "pending_with", "value": t.ae},
		),
		(
			t.sysman,
			"POST",
			set_value,
			{
				"doctype": "Sign-off Request Step",
				"name": step_row,
				"fieldname": "outcome",
				"value": "Approved",
			},
		),
		(t.sysman, "DELETE", f"/api/resource/Sign-off Request/{request}", None),
		(t.ae, "DELETE", resource, None),
		(
			t.ae,
			"POST",
			SIGN,
			{"doctype": "Client Admission", "name": adm, "decision": "Approved"},
		),  # self-approval
		(
			t.director,
			"POST",
			SIGN,
			{"doctype": "Client Admission", "name": adm, "decision": "Approved"},
		),  # not an approver
		(
			t.director,
			"POST",
			SIGN,
			{"doctype": "Client Admission", "name": adm, "decision": "Approved", "on_behalf_of": t.marketing},
		),
		(
			t.marketing,
			"GET",
			SIGN + f"?doctype=Client%20Admission&name={adm}&decision=Approved",
			None,
		),  # GET not allowed
		(
			t.marketing,
			"POST",
			SIGN,
			{"doctype": "Client Admission", "name": adm, "decision": "Rejected"},
		),  # no reason
		(
			t.marketing,
			"POST",
			"/api/method/agency_service.signoff.submit",
			{"doctype": "Client Admission", "name": adm, "purpose": "admission"},
		),
		(
			t.ae,
			"POST",
			"/api/method/run_doc_method",
			{
				"dt": "Client Admission",
				"dn": adm,
				"method": "on_signoff_approved",
				"args": json.dumps({"purpose": "admission"}),
			},
		),
	]


def test_rest_bypasses_are_refused_and_change_nothing(team):
	before = snapshot("Client Admission", team.admission)
	attempts = bypass_attempts(team)
	for user, method, path, payload in attempts:
		kwargs = {"data": payload} if payload is not None else {}
		response = call(team.http[user], method, path, **kwargs)
		assert response.status_code >= 400, (method, path, payload, response.status_code, response.text[:300])
	assert len(attempts) >= 20
	assert snapshot("Client Admission", team.admission) == before


def test_signature_rows_cannot_be_deleted_over_rest(team):
	response = call(
		team.http[team.marketing],
		"POST",
		SIGN,
		data={"doctype": "Client Admission", "name": team.admission, "decision": "Approved", "comment": "ok"},
	)
	assert response.ok, response.text
	frappe.db.rollback()
	signature = frappe.get_all("Sign-off Signature", {"reference_name": team.admission}, pluck="name")[0]
	for user in (team.marketing, team.sysman, team.ae):
		response = call(team.http[user], "DELETE", f"/api/resource/Sign-off Signature/{signature}")
		assert response.status_code >= 400
		response = call(
			team.http[user],
			"PUT",
			f"/api/resource/Sign-off Signature/{signature}",
			data={"decision": "Rejected"},
		)
		assert response.status_code >= 400
	frappe.db.rollback()
	assert frappe.db.get_value("Sign-off Signature", signature, "decision") == "Approved"
	response = call(
		team.http[team.marketing],
		"POST",
		SIGN,
		data={"doctype": "Client Admission", "name": team.admission, "decision": "Approved"},
	)
	assert response.status_code >= 400  # signing twice
	assert frappe.db.count("Sign-off Signature", {"reference_name": team.admission}) == 1


def test_signature_shows_in_the_timeline(team):
	frappe.db.rollback()
	comments = frappe.get_all(
		"Comment",
		{"reference_doctype": "Client Admission", "reference_name": team.admission},
		pluck="content",
	)
	assert any("Approved step 1" in (c or "") for c in comments)


@pytest.mark.parametrize("round_", range(5))
def test_two_cosigners_at_the_same_moment_advance_the_step_once(team, live_data, round_):
	wo = live_data.add(make_work_order(team.client, owner=team.ae, title=f"Race {round_}"))
	frappe.set_user(team.ae)
	wo.submit_for_dispatch()
	frappe.set_user("Administrator")
	live_data.commit()

	barrier = threading.Barrier(2)
	responses = {}

	def sign_now(user):
		barrier.wait()
		responses[user] = call(
			team.http[user],
			"POST",
			SIGN,
			data={"doctype": "Client Work Order", "name": wo.name, "decision": "Approved"},
		)

	threads = [threading.Thread(target=sign_now, args=(user,)) for user in (team.director, team.head)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	assert all(r.ok for r in responses.values()), {u: r.text[:300] for u, r in responses.items()}

	frappe.db.rollback()
	wo = frappe.get_doc("Client Work Order", wo.name)
	assert (wo.status, wo.signoff_status) == ("In Progress", "Approved")
	live_data.records.append(("Project", wo.project))
	signers = frappe.get_all("Sign-off Signature", {"reference_name": wo.name}, pluck="signer")
	assert sorted(signers) == sorted([team.director, team.head])
	assert (
		frappe.db.count("Project", {"customer": team.client, "project_name": ("like", f"%({wo.name})")}) == 1
	)
	completions = frappe.db.count(
		"Comment", {"reference_name": wo.name, "content": ("like", "Sign-off complete%")}
	)
	assert completions == 1
	step = frappe.get_doc("Sign-off Request", wo.signoff_request).steps[0]
	assert step.outcome == "Approved" and step.completed_at
