"""Contracts on ERPNext's Contract (issue 16, 004 §5.2): legal review before signing, a change as a new
version with its own sign-off and a diff, the signed version readable, fulfilment watched and escalated
once, expiry reminders — on the real site and over real HTTP."""

import json

import frappe
import pytest
from frappe.utils import add_days, nowdate

from agency_service.compliance.contracts import ContractSigningError, version_diff
from agency_service.compliance.fulfilment import ESCALATE_AFTER_DAYS, watch_contracts
from agency_service.signoff.engine import sign
from agency_service.signoff.host import SignoffRequiredError, start
from agency_service.signoff.rules import SelfApprovalError
from tests.factories import as_user, make_client, make_work_order, staff
from tests.live_server import api_session, assert_all_refused, call_as

API = "/api/method/agency_service.api."
SIGN = API + "signoff.sign_document"
SAVEDOCS = "/api/method/frappe.desk.form.save.savedocs"
TERMS = "<p>第一条 乙方为甲方提供年度媒介代理服务。</p><p>第二条 服务费按季度结算。</p>"


@pytest.fixture
def desk():
	d = frappe._dict(
		manager=staff("Account Manager"),
		director=staff("Account Director"),
		legal=staff("Legal Reviewer"),
		legal2=staff("Legal Reviewer"),
	)
	d.client = make_client(account_manager=d.manager, account_director=d.director).name
	return d


def make_contract(d, due_in_days=30, end_in_days=365, **kw):
	frappe.set_user(d.manager)
	doc = frappe.get_doc(
		{
			"doctype": "Contract",
			"party_type": "Customer",
			"party_name": d.client,
			"start_date": add_days(nowdate(), -60),
			"end_date": add_days(nowdate(), end_in_days),
			"contract_terms": TERMS,
			"requires_fulfilment": 1,
			"fulfilment_terms": [
				{"requirement": "提交季度媒介排期", "due_date": add_days(nowdate(), due_in_days)},
				{"requirement": "提交年度投放报告", "due_date": add_days(nowdate(), 300)},
			],
			**kw,
		}
	).insert()
	frappe.set_user("Administrator")
	return doc


def legal_review(d, name, *signers):
	as_user(d.manager, start, "Contract", name)
	for signer in signers or (d.legal,):
		as_user(signer, sign, "Contract", name, "Approved", comment="条款合规")


def sign_contract(d, name, user=None):
	doc = frappe.get_doc("Contract", name)
	doc.is_signed = 1
	doc.signee = "张总"
	doc.signed_on = frappe.utils.now_datetime()
	as_user(user or d.legal, doc.submit)
	return frappe.get_doc("Contract", name)


def test_a_contract_cannot_be_signed_before_its_legal_review(desk):
	contract = make_contract(desk)
	assert (contract.customer, contract.version_no, contract.signoff_status or None) == (desk.client, 1, None)
	contract.is_signed = 1
	with pytest.raises(ContractSigningError, match="legal review"):
		as_user(desk.manager, contract.save)
	with pytest.raises((SignoffRequiredError, ContractSigningError)):
		sign_contract(desk, contract.name)
	as_user(desk.manager, start, "Contract", contract.name)
	with pytest.raises(SelfApprovalError):
		as_user(desk.manager, sign, "Contract", contract.name, "Approved")
	with pytest.raises((SignoffRequiredError, ContractSigningError)):
		sign_contract(desk, contract.name)
	as_user(desk.legal, sign, "Contract", contract.name, "Approved", comment="条款合规")
	signed = sign_contract(desk, contract.name)
	assert (signed.docstatus, signed.is_signed, signed.status) == (1, 1, "Active")


def test_a_change_is_a_new_version_with_its_own_signoff_and_the_old_one_stays_readable(desk):
	contract = make_contract(desk)
	legal_review(desk, contract.name)
	sign_contract(desk, contract.name)
	wo = make_work_order(desk.client, owner=desk.manager, contract=contract.name)

	version = as_user(
		desk.manager, frappe.get_attr("agency_service.api.contracts.new_contract_version"), contract.name
	)
	with pytest.raises(ContractSigningError, match="being prepared"):
		as_user(
			desk.manager, frappe.get_attr("agency_service.api.contracts.new_contract_version"), contract.name
		)
	draft = frappe.get_doc("Contract", version)
	assert (draft.version_no, draft.previous_version, draft.docstatus, draft.is_signed) == (
		2,
		contract.name,
		0,
		0,
	)
	draft.contract_terms = TERMS.replace("按季度结算", "按月结算") + "<p>第三条 新增短视频代运营。</p>"
	as_user(desk.manager, draft.save)

	diff = as_user(desk.manager, version_diff, version)
	assert {"op": "-", "text": "第二条 服务费按季度结算。"} in diff["terms"]
	assert {"op": "+", "text": "第二条 服务费按月结算。"} in diff["terms"]
	assert {"op": "+", "text": "第三条 新增短视频代运营。"} in diff["terms"]

	with pytest.raises(ContractSigningError, match="is signed off for"):
		as_user(desk.manager, start, "Contract", version, "legal_review")
	as_user(desk.manager, start, "Contract", version)  # contract_change: Legal, then the account director
	request = frappe.db.get_value("Contract", version, "signoff_request")
	assert frappe.db.get_value("Sign-off Request", request, "purpose") == "contract_change"
	as_user(desk.legal2, sign, "Contract", version, "Approved")
	with pytest.raises((SignoffRequiredError, ContractSigningError)):
		sign_contract(desk, version)
	as_user(desk.director, sign, "Contract", version, "Approved")
	signed = sign_contract(desk, version)
	assert signed.docstatus == 1

	old = frappe.get_doc("Contract", contract.name)
	assert (old.docstatus, old.superseded_by) == (2, version)
	assert "按季度结算" in as_user(desk.legal, frappe.get_doc, "Contract", contract.name).contract_terms
	assert frappe.db.get_value("Client Work Order", wo.name, "contract") == version


def test_overdue_fulfilment_reminds_and_escalates_once(desk):
	contract = make_contract(desk, due_in_days=-2)
	legal_review(desk, contract.name)
	sign_contract(desk, contract.name)
	first = watch_contracts()
	assert first["reminded"] == 1 and first["escalated"] == 0
	assert watch_contracts()["reminded"] == 0
	later = add_days(nowdate(), ESCALATE_AFTER_DAYS)
	assert watch_contracts(later)["escalated"] == 1
	assert watch_contracts(later)["escalated"] == 0
	assert watch_contracts(add_days(later, 5)) == {"reminded": 0, "escalated": 0, "expiring": 0}
	subjects = frappe.get_all(
		"Notification Log", {"document_name": contract.name}, ["for_user", "subject"], order_by="creation"
	)
	assert [s.for_user for s in subjects if "overdue" in s.subject and "Escalated" not in s.subject] == [
		desk.manager
	]
	assert [s.for_user for s in subjects if "Escalated" in s.subject] == [desk.director]

	# the watch's own marks cannot be cleared by hand to silence it
	doc = frappe.get_doc("Contract", contract.name)
	doc.fulfilment_terms[0].escalated_on = None
	with pytest.raises(ContractSigningError, match="fulfilment watch"):
		as_user(desk.legal, doc.save)


def test_a_contract_about_to_expire_reminds_the_account_manager_once(desk):
	contract = make_contract(desk, end_in_days=20, due_in_days=10)
	legal_review(desk, contract.name)
	sign_contract(desk, contract.name)
	assert watch_contracts()["expiring"] == 1
	assert watch_contracts()["expiring"] == 0
	assert frappe.db.get_value("Contract", contract.name, "expiry_reminded_on")


def test_a_work_order_links_only_its_own_clients_contract(desk):
	contract = make_contract(desk)
	other = make_client()
	with pytest.raises(frappe.ValidationError, match="not a contract in force"):
		make_work_order(other.name, owner=desk.manager, contract=contract.name)


# --- over real HTTP --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def web(live_server, live_data):
	w = frappe._dict(
		manager=staff("Account Manager"),
		director=staff("Account Director"),
		legal=staff("Legal Reviewer"),
		outsider=staff("Department Lead"),
	)
	for user in list(w.values()):
		live_data.add(frappe.get_doc("User", user))
	w.client = live_data.add(make_client(account_manager=w.manager, account_director=w.director)).name
	w.contract = live_data.add(make_contract(w)).name
	live_data.commit()
	w.http = {user: api_session(live_server, user) for user in (w.manager, w.director, w.legal, w.outsider)}
	return w


def footprint(name):
	frappe.db.rollback()
	doc = frappe.db.get_value(
		"Contract", name, ["docstatus", "is_signed", "signoff_status", "signoff_request", "modified"]
	)
	return doc, frappe.db.count("Sign-off Signature", {"reference_name": name})


def test_a_contract_cannot_be_signed_or_forged_over_http(web):
	name = web.contract
	form = frappe.get_doc("Contract", name).as_dict(convert_dates_to_str=True)
	signed_form = json.dumps({**form, "is_signed": 1, "signee": "张总"}, default=str)
	forged_form = json.dumps({**form, "signoff_status": "Approved"}, default=str)
	resource = f"/api/resource/Contract/{name}"
	submit = "/api/method/frappe.client.submit"
	start_signoff = (
		"POST",
		API + "signoff.submit_for_signoff",
		{"data": {"doctype": "Contract", "name": name}},
	)
	set_signed = {"doctype": "Contract", "name": name, "fieldname": "is_signed", "value": 1}
	assert_all_refused(
		web.http,
		[
			(web.manager, "PUT", resource, {"json": {"is_signed": 1}}),
			(web.legal, "PUT", resource, {"json": {"signoff_status": "Approved"}}),
			(web.legal, "POST", submit, {"data": {"doc": signed_form}}),
			(web.legal, "POST", SAVEDOCS, {"data": {"doc": forged_form, "action": "Submit"}}),
			(web.manager, "POST", "/api/method/frappe.client.set_value", {"data": set_signed}),
			(web.manager, "PUT", resource, {"json": {"version_no": 7}}),
			(web.outsider, "GET", resource, {}),
			(web.outsider, *start_signoff),
		],
		lambda: footprint(name),
	)
	assert call_as(web.http, web.manager, *start_signoff[:2], **start_signoff[2]).ok
	pending = footprint(name)
	decision = {"doctype": "Contract", "name": name, "decision": "Approved"}
	forged_signature = {
		"request": pending[0][3],
		"reference_doctype": "Contract",
		"reference_name": name,
		"decision": "Approved",
		"signer": web.legal,
	}
	assert_all_refused(
		web.http,
		[
			(web.manager, "POST", SIGN, {"data": decision}),
			(web.director, "POST", SIGN, {"data": decision}),
			(web.manager, "PUT", resource, {"json": {"contract_terms": "<p>改过的条款</p>"}}),
			(web.legal, "POST", submit, {"data": {"doc": signed_form}}),
			(web.manager, "POST", "/api/resource/Sign-off Signature", {"json": forged_signature}),
		],
		lambda: footprint(name),
	)

	response = call_as(web.http, web.legal, "POST", SIGN, data=decision)
	assert response.ok, response.text[:300]
	frappe.db.rollback()
	form = frappe.get_doc("Contract", name).as_dict(convert_dates_to_str=True)
	signed_form = json.dumps({**form, "is_signed": 1, "signee": "张总"}, default=str)
	response = call_as(web.http, web.legal, "POST", submit, data={"doc": signed_form})
	assert response.ok, response.text[:300]
	assert footprint(name)[0][:2] == (1, 1)
	# the signed copy is read by the account team and Legal, not by others
	assert call_as(web.http, web.manager, "GET", resource).ok
	assert call_as(web.http, web.outsider, "GET", resource).status_code == 403
