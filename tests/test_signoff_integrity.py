"""Sign-off integrity over real HTTP: what an outside tester got through (issue 11), each case refused.

* a doctored form posted with a document action (``run_doc_method`` with ``docs``) — the action decides
  from the stored record;
* an approver field of the client changed in the middle of a sign-off;
* a delegate who is also an approver of the same co-sign step (no deadlock);
* cancelling and changing an approver of an open sign-off;
* the other "any Department Lead" approvers released once one of them signed.
"""

import json

import frappe
import pytest

from tests.factories import make_client, make_work_order, staff
from tests.live_server import api_session

SIGN = "/api/method/agency_service.api.signoff.sign_document"
STATE = "/api/method/agency_service.api.signoff.get_signoff_state"
CANCEL = "/api/method/agency_service.api.signoff.cancel_signoff"
REASSIGN = "/api/method/agency_service.api.signoff.reassign_signoff_line"
RUN = "/api/method/run_doc_method"


@pytest.fixture(scope="module")
def team(live_server, live_data):
	t = frappe._dict(
		ae=staff("Account Executive"),
		manager=staff("Account Manager"),
		director=staff("Account Director"),
		head=staff("Client Service Head"),
		lead1=staff("Department Lead"),
		lead2=staff("Department Lead"),
		boss=staff("Agency Management"),
	)
	for user in t.values():
		live_data.add(frappe.get_doc("User", user))
	client = live_data.add(
		make_client(
			account_director=t.director,
			account_manager=t.manager,
			account_executive=t.ae,
			client_tier="Key Client",
		)
	)
	t.client = client.name
	live_data.commit()
	t.http = {
		user: api_session(live_server, user)
		for user in list(t.values())
		if isinstance(user, str) and "@" in user
	}
	return t


def call(session, method, path, **kw):
	return session.request(method, session.base_url + path, timeout=60, **kw)


def post(t, as_user, path, **data):
	return call(t.http[as_user], "POST", path, data=data)


def stored(doctype, name):
	frappe.db.rollback()  # see what the server committed
	return frappe.get_doc(doctype, name)


def open_requests(doctype, name):
	frappe.db.rollback()
	return frappe.get_all(
		"Sign-off Request",
		{"reference_doctype": doctype, "reference_name": name, "status": "Pending"},
		pluck="name",
	)


def new_work_order(t, live_data, submit=True, **kw):
	wo = live_data.add(make_work_order(t.client, owner=t.ae, **kw))
	live_data.commit()
	if submit:
		response = call(
			t.http[t.ae], "POST", RUN, data={"dt": wo.doctype, "dn": wo.name, "method": "submit_for_dispatch"}
		)
		assert response.ok, response.text[:500]
	return stored(wo.doctype, wo.name)


def doctored(doc, **fields) -> str:
	return json.dumps({**doc.as_dict(convert_dates_to_str=True), **fields}, default=str)


# --- 1. a doctored form with a document action ------------------------------------------------------


@pytest.mark.parametrize(
	"method, faked_status",
	[
		("propose_to_client", "Accepted"),
		("mark_delivered", "In Progress"),
		("request_acceptance", "Delivered"),
		("submit_for_dispatch", "Draft"),
	],
)
def test_a_doctored_status_sent_with_an_action_is_refused(team, live_data, method, faked_status):
	wo = new_work_order(team, live_data)
	assert wo.status == "Awaiting Dispatch Sign-off"
	for fields in ({"status": faked_status}, {"status": faked_status, "signoff_status": "Approved"}):
		response = post(team, team.ae, RUN, docs=doctored(wo, **fields), method=method)
		assert response.status_code == 417, response.text[:500]
		assert "differs from the stored" in response.text
	after = stored(wo.doctype, wo.name)
	assert (after.status, after.signoff_status, after.signoff_request) == (
		"Awaiting Dispatch Sign-off",
		"Pending",
		wo.signoff_request,
	)
	assert open_requests(wo.doctype, wo.name) == [wo.signoff_request]
	assert frappe.db.count("Sign-off Signature", {"reference_name": wo.name}) == 0


def test_a_doctored_status_through_every_save_path_is_refused(team, live_data):
	"""The desk's Save (``savedocs``), ``frappe.client.save`` / ``set_value`` / ``submit`` and REST PUT,
	each with a copy whose status claims a signed stage: refused, the stored record unchanged."""
	wo = new_work_order(team, live_data)
	faked = {"status": "Proposed to Client", "signoff_status": "Approved"}
	attempts = [
		("/api/method/frappe.desk.form.save.savedocs", {"doc": doctored(wo, **faked), "action": "Save"}),
		("/api/method/frappe.client.save", {"doc": doctored(wo, **faked)}),
		("/api/method/frappe.client.submit", {"doc": doctored(wo, **faked)}),
		(
			"/api/method/frappe.client.set_value",
			{"doctype": wo.doctype, "name": wo.name, "fieldname": json.dumps(faked)},
		),
		(
			"/api/method/frappe.client.bulk_update",
			{"docs": json.dumps([{"doctype": wo.doctype, "docname": wo.name, **faked}])},
		),
	]
	for user in (team.ae, team.manager, team.director):
		for path, data in attempts:
			response = post(team, user, path, **data)
			body = (
				response.json()
				if response.headers.get("content-type", "").startswith("application/json")
				else {}
			)
			failed = (body.get("message") or {}).get("failed_docs") if path.endswith("bulk_update") else None
			assert response.status_code >= 400 or failed, (user, path, response.text[:300])
		response = call(team.http[user], "PUT", f"/api/resource/{wo.doctype}/{wo.name}", json=faked)
		assert response.status_code >= 400, response.text[:300]
	after = stored(wo.doctype, wo.name)
	assert (after.status, after.signoff_status) == ("Awaiting Dispatch Sign-off", "Pending")
	assert open_requests(wo.doctype, wo.name) == [wo.signoff_request]


def test_the_untouched_form_runs_the_action_on_the_stored_record(team, live_data):
	"""The desk's own call (the whole form, unchanged) still works, and the action sees the stored status."""
	wo = new_work_order(team, live_data, submit=False)
	response = post(team, team.ae, RUN, docs=doctored(wo), method="submit_for_dispatch")
	assert response.ok, response.text[:500]
	wo = stored(wo.doctype, wo.name)
	assert (wo.status, wo.signoff_status) == ("Awaiting Dispatch Sign-off", "Pending")
	# the same unchanged (now stale) form again: the stored status refuses a second round
	response = post(team, team.ae, RUN, docs=doctored(wo), method="submit_for_dispatch")
	assert response.status_code >= 400
	assert len(open_requests(wo.doctype, wo.name)) == 1


def test_a_writable_edit_sent_with_an_action_is_saved_not_lost(team, live_data):
	wo = new_work_order(team, live_data, submit=False)
	response = post(
		team,
		team.ae,
		RUN,
		docs=doctored(wo, objectives="<p>Reach 5 million viewers</p>"),
		method="submit_for_dispatch",
	)
	assert response.ok, response.text[:500]
	wo = stored(wo.doctype, wo.name)
	assert "5 million" in wo.objectives and wo.status == "Awaiting Dispatch Sign-off"


def test_a_missing_argument_of_an_action_is_a_clear_refusal(team, live_data):
	wo = new_work_order(team, live_data, submit=False)
	response = post(team, team.ae, RUN, dt=wo.doctype, dn=wo.name, method="archive")
	assert response.status_code == 417, response.text[:300]
	assert "needs a value for <strong>Evaluation Notes" in response.text


def test_complaint_decision_with_a_doctored_status_is_refused(team, live_data):
	from tests.test_complaints import file_complaint

	complaint = live_data.add(file_complaint(team.client))
	complaint.acknowledge("Phone", "called back", responded_at="2026-11-16 11:00")
	complaint.start_investigation(team.manager)
	complaint.reload()
	complaint.facts = "<p>The media buyer booked the wrong date.</p>"
	complaint.root_cause = "Media Buying"
	complaint.save()
	complaint.propose_solution("<p>Re-run the spot at our cost</p>", 80000)
	live_data.commit()
	complaint = stored(complaint.doctype, complaint.name)
	assert (complaint.status, complaint.signoff_status) == ("Solution in Approval", "Pending")
	response = post(
		team,
		team.manager,
		RUN,
		docs=doctored(complaint, status="Solution Proposed", signoff_status="Approved"),
		method="record_client_decision",
		args=json.dumps({"decision": "Accepted"}),
	)
	assert response.status_code == 417, response.text[:500]
	after = stored(complaint.doctype, complaint.name)
	assert (after.status, after.signoff_status) == ("Solution in Approval", "Pending")
	assert frappe.db.count("Sign-off Signature", {"reference_name": complaint.name}) == 0


# --- 3. approvers fixed when the step opens -----------------------------------------------------------


def test_changing_the_clients_director_mid_signoff_gives_no_right_to_sign(team, live_data):
	wo = new_work_order(team, live_data)
	response = call(
		team.http[team.manager],
		"PUT",
		f"/api/resource/Customer/{team.client}",
		data=json.dumps({"account_director": team.manager}),
	)
	try:
		assert response.ok, response.text[:300]  # the manager may edit the account team …
		response = post(team, team.manager, SIGN, doctype=wo.doctype, name=wo.name, decision="Approved")
		assert response.status_code == 403, response.text[:300]  # … but that does not make her an approver
		assert frappe.db.count("Sign-off Signature", {"reference_name": wo.name}) == 0
		# the director the step opened with still signs it
		assert post(team, team.director, SIGN, doctype=wo.doctype, name=wo.name, decision="Approved").ok
	finally:
		frappe.db.rollback()
		frappe.db.set_value("Customer", team.client, "account_director", team.director)
		frappe.db.commit()


def test_who_changed_the_approver_field_is_left_out_when_the_step_opens(team, live_data):
	"""A later step resolved from a field someone changed during the sign-off leaves that someone out."""
	from agency_service.signoff.rules import resolve_step

	wo = new_work_order(team, live_data)
	frappe.set_user(team.manager)
	client = frappe.get_doc("Customer", team.client)
	client.account_director = team.manager
	client.save(ignore_version=False)  # in tests Frappe keeps no versions unless asked
	frappe.set_user("Administrator")
	request = frappe.get_doc("Sign-off Request", wo.signoff_request)
	rule = frappe.get_doc("Sign-off Rule", request.rule)
	director_line = next(a for a in rule.approvers if a.approver_source == "Client Field")
	step = next(s for s in rule.steps if s.step_no == director_line.step_no)
	lines = resolve_step(rule, step, wo, since=request.requested_at)
	line = next(entry for entry in lines if entry["key"] == str(director_line.idx))
	assert team.manager not in line["users"]
	without_since = next(e for e in resolve_step(rule, step, wo) if e["key"] == str(director_line.idx))
	assert without_since["users"] == [team.manager]  # resolved naively, she would sign
	frappe.db.rollback()


# --- 4. delegation without deadlock ----------------------------------------------------------------------


def delegate(live_data, delegator, delegate_to):
	doc = frappe.get_doc(
		{
			"doctype": "Sign-off Delegation",
			"delegator": delegator,
			"delegate": delegate_to,
			"from_date": frappe.utils.add_days(frappe.utils.nowdate(), -1),
			"to_date": frappe.utils.add_days(frappe.utils.nowdate(), 7),
			"enabled": 1,
			"reason": "Business trip",
		}
	).insert(ignore_permissions=True)
	live_data.add(doc)
	live_data.commit()
	return doc


def pin_line(t, wo, role_label, user):
	"""Agency Management gives an approver line of the open step to exactly ``user``."""
	state = post(t, t.boss, STATE, doctype=wo.doctype, name=wo.name).json()["message"]
	key = next(line["key"] for line in state["lines"] if line["label"] == role_label)
	response = post(
		t,
		t.boss,
		REASSIGN,
		doctype=wo.doctype,
		name=wo.name,
		line=key,
		user=user,
		reason="Pinned for the test",
	)
	assert response.ok, response.text[:500]


def test_a_delegate_who_is_also_an_approver_cannot_deadlock_the_step(team, live_data):
	delegate(live_data, team.director, team.head)
	wo = new_work_order(team, live_data)
	pin_line(team, wo, "Client Service Head", team.head)  # she is the only one for her own line
	state = post(team, team.head, STATE, doctype=wo.doctype, name=wo.name).json()["message"]
	assert team.director not in state["can_sign_on_behalf_of"]  # the panel does not offer it …
	response = post(
		team,
		team.head,
		SIGN,
		doctype=wo.doctype,
		name=wo.name,
		decision="Approved",
		on_behalf_of=team.director,
	)
	assert response.status_code == 417, response.text[:500]  # … and the server refuses it, saying why
	assert "Sign your own part" in response.text or "nobody is left" in response.text
	after = stored(wo.doctype, wo.name)
	request = frappe.get_doc("Sign-off Request", after.signoff_request)
	assert set(request.pending_with.split("\n")) == {team.director, team.head}
	# her own line first, then the director's part can be signed by the director
	assert post(team, team.head, SIGN, doctype=wo.doctype, name=wo.name, decision="Approved").ok
	state = post(team, team.head, STATE, doctype=wo.doctype, name=wo.name).json()["message"]
	assert state["pending_with"] == [team.director] and not state["can_sign"]
	assert post(team, team.director, SIGN, doctype=wo.doctype, name=wo.name, decision="Approved").ok
	assert stored(wo.doctype, wo.name).status == "In Progress"


def test_a_delegate_who_is_not_an_approver_signs_for_the_director(team, live_data):
	delegate(live_data, team.director, team.boss)
	wo = new_work_order(team, live_data)
	assert post(
		team,
		team.boss,
		SIGN,
		doctype=wo.doctype,
		name=wo.name,
		decision="Approved",
		on_behalf_of=team.director,
	).ok
	response = post(team, team.director, SIGN, doctype=wo.doctype, name=wo.name, decision="Approved")
	assert response.status_code == 417 and "already signed" in response.text


# --- 5. cancel and reassign ---------------------------------------------------------------------------


def test_the_head_cancels_a_pending_signoff_with_a_reason(team, live_data):
	wo = new_work_order(team, live_data)
	assert post(team, team.ae, CANCEL, doctype=wo.doctype, name=wo.name, reason="mine").status_code == 403
	assert post(team, team.head, CANCEL, doctype=wo.doctype, name=wo.name, reason=" ").status_code == 417
	assert post(
		team, team.head, CANCEL, doctype=wo.doctype, name=wo.name, reason="Client paused the campaign"
	).ok
	after = stored(wo.doctype, wo.name)
	request = frappe.get_doc("Sign-off Request", after.signoff_request)
	assert (after.status, after.signoff_status) == ("Draft", "Cancelled")
	assert (request.status, request.cancelled_by, request.pending_with) == ("Cancelled", team.head, "")
	assert not frappe.get_all("ToDo", {"reference_name": wo.name, "status": "Open"})
	# unlocked: the author edits and resubmits; still one open request
	response = call(
		team.http[team.ae],
		"PUT",
		f"/api/resource/Client Work Order/{wo.name}",
		data=json.dumps({"budget": 90000}),
	)
	assert response.ok, response.text[:300]
	assert call(
		team.http[team.ae],
		"POST",
		RUN,
		data={"dt": wo.doctype, "dn": wo.name, "method": "submit_for_dispatch"},
	).ok
	assert len(open_requests(wo.doctype, wo.name)) == 1
	assert post(team, team.head, CANCEL, doctype=wo.doctype, name=wo.name, reason="again").ok
	assert post(team, team.head, CANCEL, doctype=wo.doctype, name=wo.name, reason="again").status_code == 417


def test_changing_an_approver_is_a_recorded_action_of_the_head(team, live_data):
	wo = new_work_order(team, live_data)
	state = post(team, team.head, STATE, doctype=wo.doctype, name=wo.name).json()["message"]
	director_line = next(line["key"] for line in state["lines"] if team.director in line["users"])
	args = dict(
		doctype=wo.doctype, name=wo.name, line=director_line, user=team.boss, reason="Director on leave"
	)
	assert post(team, team.manager, REASSIGN, **args).status_code == 403
	assert post(team, team.head, REASSIGN, **{**args, "user": team.ae}).status_code == 417  # the requester
	# the head's line given to the director, who holds the other line of this co-sign step: nobody could
	# finish it, so it is refused
	head_line = next(line["key"] for line in state["lines"] if team.head in line["users"])
	response = post(team, team.boss, REASSIGN, **{**args, "line": head_line, "user": team.director})
	assert response.status_code == 417 and "nobody could finish" in response.text, response.text[:300]
	assert frappe.db.count("Sign-off Signature", {"reference_name": wo.name}) == 0
	assert post(team, team.head, REASSIGN, **args).ok
	assert (
		post(team, team.director, SIGN, doctype=wo.doctype, name=wo.name, decision="Approved").status_code
		== 403
	)
	frappe.db.rollback()
	record = frappe.get_all(
		"Sign-off Signature", {"reference_name": wo.name, "decision": "Reassigned"}, ["signer", "comment"]
	)
	assert record and record[0].signer == team.head and "Director on leave" in record[0].comment
	assert post(team, team.boss, SIGN, doctype=wo.doctype, name=wo.name, decision="Approved").ok


# --- 6. "any Department Lead": the others are released once one signed ------------------------------------


def test_other_department_leads_are_released_when_one_signs(team, live_data):
	wo = new_work_order(team, live_data, work_order_type="Creative Direction")
	request = frappe.get_doc("Sign-off Request", wo.signoff_request)
	assert {team.lead1, team.lead2} <= set(request.pending_with.split("\n"))
	assert post(team, team.lead1, SIGN, doctype=wo.doctype, name=wo.name, decision="Approved").ok
	frappe.db.rollback()
	request = frappe.get_doc("Sign-off Request", wo.signoff_request)
	assert team.lead2 not in request.pending_with.split("\n")
	assert not frappe.get_all(
		"ToDo", {"reference_name": wo.name, "allocated_to": team.lead2, "status": "Open"}
	)
	response = post(team, team.lead2, SIGN, doctype=wo.doctype, name=wo.name, decision="Approved")
	assert response.status_code == 417 and "already been signed" in response.text


# --- bad input to the sign-off API ------------------------------------------------------------------


def test_bad_input_to_the_signoff_api_is_refused_without_a_server_error(team, live_data):
	wo = new_work_order(team, live_data)
	for data in (
		{"doctype": wo.doctype, "name": wo.name, "decision": "Approved", "values": "{not json"},
		{"doctype": wo.doctype, "name": wo.name, "decision": "Approved", "values": "[1, 2]"},
		{"doctype": "javascript:alert(1)", "name": wo.name, "decision": "Approved"},
		{"doctype": "Customer", "name": team.client, "decision": "Approved"},
	):
		response = post(team, team.head, SIGN, **data)
		assert 400 <= response.status_code < 500, (data, response.status_code, response.text[:300])
	for doctype in ("javascript:alert(1)", "Customer"):
		response = post(team, team.head, STATE, doctype=doctype, name=wo.name)
		assert 400 <= response.status_code < 500, response.text[:300]
	assert frappe.db.count("Sign-off Signature", {"reference_name": wo.name}) == 0
