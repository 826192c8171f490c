"""Sign-off of ERPNext's own documents (issue 16): a Sign-off Rule targeting Quotation (or Contract) gives the
document a Submit for Sign-off action with the guarantees of the app's own documents — locked while under
sign-off, reasons, delegation, self-approval refused, no submit before approval, nothing forged over REST."""

import json

import frappe
import pytest
from frappe.utils import add_days, nowdate

from agency_service.signoff.engine import sign
from agency_service.signoff.host import SignoffRequiredError, start
from agency_service.signoff.rules import (
	DocumentUnderSignoffError,
	ReasonRequiredError,
	SelfApprovalError,
	SignoffError,
)
from tests.factories import as_user, make_client, make_work_order, staff
from tests.live_server import api_session, assert_all_refused, call_as
from tests.survey_factories import service_item

API = "/api/method/agency_service.api.signoff."
SAVEDOCS = "/api/method/frappe.desk.form.save.savedocs"


def quotation_rule():
	return frappe.get_doc(
		{
			"doctype": "Sign-off Rule",
			"rule_name": f"Estimate {frappe.generate_hash(length=5)}",
			"document_type": "Quotation",
			"purpose": "estimate",
			"enabled": 1,
			"client_field": "party_name",
			"steps": [{"step_no": 1, "step_name": "Account Director Approval", "deadline_hours": 24}],
			"approvers": [{"step_no": 1, "approver_source": "Client Field", "fieldname": "account_director"}],
		}
	).insert(ignore_permissions=True)


def make_quotation(customer: str, owner: str, rate: float = 80000):
	frappe.set_user(owner)
	doc = frappe.get_doc(
		{
			"doctype": "Quotation",
			"quotation_to": "Customer",
			"party_name": customer,
			"company": frappe.defaults.get_global_default("company"),
			"transaction_date": nowdate(),
			"valid_till": add_days(nowdate(), 30),
			"items": [{"item_code": service_item(), "qty": 1, "rate": rate}],
		}
	).insert()
	frappe.set_user("Administrator")
	return doc


@pytest.fixture
def estimate():
	e = frappe._dict(ae=staff("Account Executive"), director=staff("Account Director"))
	e.stand_in = staff("Account Director")
	e.client = make_client(account_director=e.director, account_executive=e.ae).name
	quotation_rule()
	e.quotation = make_quotation(e.client, e.ae)
	return e


def test_a_quotation_is_submitted_only_after_its_signoff(estimate):
	e = estimate
	assert frappe.get_meta("Quotation").has_field("signoff_status")
	quotation = frappe.get_doc("Quotation", e.quotation.name)
	with pytest.raises(SignoffRequiredError):
		as_user(e.ae, quotation.submit)
	as_user(e.ae, start, "Quotation", quotation.name)
	quotation = frappe.get_doc("Quotation", quotation.name)
	assert quotation.signoff_status == "Pending"
	quotation.items[0].rate = 1
	with pytest.raises(DocumentUnderSignoffError):
		as_user(e.ae, quotation.save)
	with pytest.raises(SelfApprovalError):
		as_user(e.ae, sign, "Quotation", quotation.name, "Approved")
	with pytest.raises(ReasonRequiredError):
		as_user(e.director, sign, "Quotation", quotation.name, "Rejected")
	as_user(e.director, sign, "Quotation", quotation.name, "Rejected", comment="报价过高，请调整媒介费")
	quotation = frappe.get_doc("Quotation", quotation.name)
	assert quotation.signoff_status == "Rejected"
	quotation.items[0].rate = 60000
	as_user(e.ae, quotation.save)

	# the director is away: the stand-in signs on his behalf, recorded as such
	frappe.get_doc(
		{
			"doctype": "Sign-off Delegation",
			"delegator": e.director,
			"delegate": e.stand_in,
			"from_date": nowdate(),
			"to_date": add_days(nowdate(), 3),
			"reason": "出差",
		}
	).insert(ignore_permissions=True)
	as_user(e.ae, start, "Quotation", quotation.name)
	as_user(e.stand_in, sign, "Quotation", quotation.name, "Approved", on_behalf_of=e.director)
	signature = frappe.get_all(
		"Sign-off Signature",
		{"reference_name": quotation.name, "decision": "Approved"},
		["signer", "on_behalf_of"],
	)
	assert signature == [{"signer": e.stand_in, "on_behalf_of": e.director}]
	quotation = frappe.get_doc("Quotation", quotation.name)
	assert quotation.signoff_status == "Approved"
	as_user(e.ae, quotation.submit)
	assert frappe.db.get_value("Quotation", quotation.name, "docstatus") == 1


def test_a_change_after_approval_needs_a_new_signoff(estimate):
	e = estimate
	as_user(e.ae, start, "Quotation", e.quotation.name)
	as_user(e.director, sign, "Quotation", e.quotation.name, "Approved")
	quotation = frappe.get_doc("Quotation", e.quotation.name)
	quotation.items[0].rate = 90000
	as_user(e.ae, quotation.save)
	quotation = frappe.get_doc("Quotation", quotation.name)
	assert quotation.signoff_status == ""
	with pytest.raises(SignoffRequiredError):
		as_user(e.ae, quotation.submit)
	# a submit that carries an unsaved change is refused too
	as_user(e.ae, start, "Quotation", quotation.name)
	as_user(e.director, sign, "Quotation", quotation.name, "Approved")
	quotation = frappe.get_doc("Quotation", quotation.name)
	quotation.items[0].rate = 1
	with pytest.raises(SignoffRequiredError, match="differs from what was signed off"):
		as_user(e.ae, quotation.submit)
	assert frappe.db.get_value("Quotation", quotation.name, "docstatus") == 0


def test_the_apps_documents_start_their_signoff_from_their_own_actions(estimate):
	wo = make_work_order(estimate.client, owner=estimate.ae)
	with pytest.raises(SignoffError, match="own actions"):
		as_user(estimate.ae, start, "Client Work Order", wo.name)
	with pytest.raises(SignoffError, match="Choose what the sign-off is for"):
		as_user(estimate.ae, start, "Quotation", estimate.quotation.name, "no such purpose")


# --- over real HTTP ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def web(live_server, live_data):
	w = frappe._dict(ae=staff("Account Executive"), director=staff("Account Director"))
	for user in list(w.values()):
		live_data.add(frappe.get_doc("User", user))
	w.client = live_data.add(make_client(account_director=w.director, account_executive=w.ae)).name
	live_data.add(quotation_rule())
	w.quotation = live_data.add(make_quotation(w.client, w.ae)).name
	live_data.commit()
	w.http = {user: api_session(live_server, user) for user in (w.ae, w.director)}
	return w


def footprint(name):
	frappe.db.rollback()
	doc = frappe.db.get_value(
		"Quotation", name, ["docstatus", "signoff_status", "signoff_request", "grand_total", "modified"]
	)
	signatures = frappe.db.count("Sign-off Signature", {"reference_name": name})
	requests_ = frappe.get_all("Sign-off Request", {"reference_name": name}, ["name", "status"])
	return doc, signatures, requests_


def test_host_signoff_bypasses_over_http_are_refused(web):
	name = web.quotation
	form = frappe.get_doc("Quotation", name).as_dict(convert_dates_to_str=True)
	forged = json.dumps({**form, "signoff_status": "Approved"}, default=str)
	resource = f"/api/resource/Quotation/{name}"
	submit = "/api/method/frappe.client.submit"
	set_status = {"doctype": "Quotation", "name": name, "fieldname": "signoff_status", "value": "Approved"}
	assert_all_refused(
		web.http,
		[
			(web.ae, "POST", submit, {"data": {"doc": json.dumps(form, default=str)}}),
			(web.ae, "PUT", resource, {"json": {"signoff_status": "Approved"}}),
			(web.ae, "POST", SAVEDOCS, {"data": {"doc": forged, "action": "Submit"}}),
			(web.ae, "POST", "/api/method/frappe.client.set_value", {"data": set_status}),
			(
				web.ae,
				"POST",
				API + "submit_for_signoff",
				{"data": {"doctype": "Client Work Order", "name": "x"}},
			),
		],
		lambda: footprint(name),
	)
	response = call_as(
		web.http, web.ae, "POST", API + "submit_for_signoff", data={"doctype": "Quotation", "name": name}
	)
	assert response.ok, response.text[:300]
	pending = footprint(name)
	assert pending[0][1] == "Pending"
	decision = {"doctype": "Quotation", "name": name, "decision": "Approved"}
	forged_signature = {
		"request": pending[0][2],
		"reference_doctype": "Quotation",
		"reference_name": name,
		"decision": "Approved",
		"signer": web.director,
	}
	assert_all_refused(
		web.http,
		[
			(web.ae, "PUT", resource, {"json": {"title": "改过的报价"}}),
			(web.ae, "POST", API + "sign_document", {"data": decision}),
			(web.ae, "POST", "/api/resource/Sign-off Signature", {"json": forged_signature}),
			(web.director, "POST", API + "sign_document", {"data": {**decision, "decision": "Rejected"}}),
			(web.ae, "DELETE", resource, {}),
		],
		lambda: footprint(name),
	)
	response = call_as(web.http, web.director, "POST", API + "sign_document", data=decision)
	assert response.ok, response.text[:300]
	frappe.db.rollback()  # see what the server committed
	form = frappe.get_doc("Quotation", name).as_dict(convert_dates_to_str=True)
	response = call_as(web.http, web.ae, "POST", submit, data={"doc": json.dumps(form, default=str)})
	assert response.ok, response.text[:300]
	assert footprint(name)[0][0] == 1
