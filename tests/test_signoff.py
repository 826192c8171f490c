"""The sign-off engine on real documents: rules, co-sign, N of M, conditions, delegation, locks."""

import frappe
import pytest
from frappe.client import delete as client_delete
from frappe.client import set_value
from frappe.utils import add_days, add_to_date, now_datetime, nowdate

from agency_service.guard import UncontrolledChangeError
from agency_service.signoff.engine import sign
from agency_service.signoff.overdue import remind_overdue_steps
from agency_service.signoff.rules import (
	AlreadySignedError,
	DocumentUnderSignoffError,
	NotAnApproverError,
	ReasonRequiredError,
	SelfApprovalError,
	SignoffError,
	SignoffTamperError,
)
from tests.factories import approve_content, make_admission, make_client, make_work_order, staff


def sign_as(user, doc, decision="Approved", **kw):
	frappe.set_user(user)
	try:
		return sign(doc.doctype, doc.name, decision, **kw)
	finally:
		frappe.set_user("Administrator")


def reload(doc):
	return frappe.get_doc(doc.doctype, doc.name)


@pytest.fixture
def admission_team():
	return frappe._dict(
		ae=staff("Account Executive"),
		marketing=staff("Department Lead"),
		credit=staff("Credit Reviewer"),
		legal=staff("Legal Reviewer"),
		management=staff("Agency Management"),
	)


def submit_admission(team, **kw):
	doc = make_admission(owner=team.ae, **kw)
	frappe.set_user(team.ae)
	doc.submit_for_review()
	frappe.set_user("Administrator")
	return reload(doc)


# --- client admission end to end ------------------------------------------------------------------


def test_admission_end_to_end_creates_the_customer_with_credit_limit_and_tier(admission_team):
	t = admission_team
	doc = submit_admission(t, account_manager=t.ae)
	assert (doc.status, doc.signoff_status) == ("Under Review", "Pending")
	assert frappe.db.exists(
		"ToDo", {"reference_name": doc.name, "allocated_to": t.marketing, "status": "Open"}
	)

	sign_as(t.marketing, doc, comment="市场前景良好")
	with pytest.raises(SignoffError, match="Credit Rating"):
		sign_as(t.credit, doc)  # the credit step needs its rating and limit
	sign_as(t.credit, doc, values={"credit_rating": "B", "proposed_credit_limit": 300000})
	sign_as(t.legal, doc)
	assert frappe.db.get_value("Client Admission", doc.name, "customer") is None
	sign_as(t.management, doc)

	doc = reload(doc)
	assert (doc.status, doc.signoff_status, doc.credit_rating) == ("Approved", "Approved", "B")
	customer = frappe.get_doc("Customer", doc.customer)
	assert customer.customer_name == doc.company_name and not customer.disabled
	assert customer.client_tier == "Potential Client"
	assert (customer.admission_status, customer.credit_rating, customer.account_manager) == (
		"Approved",
		"B",
		t.ae,
	)
	assert [(r.company, r.credit_limit) for r in customer.credit_limits] == [(doc.company, 300000)]
	signatures = frappe.get_all("Sign-off Signature", {"reference_name": doc.name}, pluck="signer")
	assert sorted(signatures) == sorted([t.marketing, t.credit, t.legal, t.management])
	assert not frappe.db.exists("ToDo", {"reference_name": doc.name, "status": "Open"})


def test_admission_enables_an_existing_disabled_customer(admission_team):
	t = admission_team
	old = make_client(disabled=1)
	doc = submit_admission(t, company_name=old.customer_name, initial_tier="Key Client")
	sign_as(t.marketing, doc)
	sign_as(t.credit, doc, values={"credit_rating": "A", "proposed_credit_limit": 100})
	sign_as(t.legal, doc)
	sign_as(t.management, doc)
	customer = frappe.get_doc("Customer", old.name)
	assert (customer.disabled, customer.client_tier, reload(doc).customer) == (0, "Key Client", old.name)


def test_rejection_needs_a_reason_keeps_the_client_out_and_can_be_resubmitted(admission_team):
	t = admission_team
	doc = submit_admission(t)
	sign_as(t.marketing, doc)
	sign_as(t.credit, doc, values={"credit_rating": "D", "proposed_credit_limit": 0})
	with pytest.raises(ReasonRequiredError):
		sign_as(t.legal, doc, "Rejected")
	with pytest.raises(ReasonRequiredError):
		sign_as(t.legal, doc, "Rejected", comment="   ")
	assert reload(doc).signoff_status == "Pending"
	sign_as(t.legal, doc, "Rejected", comment="经营范围不含广告业务，资质不全")

	doc = reload(doc)
	assert (doc.status, doc.signoff_status) == ("Rejected", "Rejected")
	assert doc.rejection_reason == "经营范围不含广告业务，资质不全"
	assert not doc.customer and not frappe.db.exists("Customer", {"customer_name": doc.company_name})
	assert not frappe.db.exists("ToDo", {"reference_name": doc.name, "status": "Open"})

	# back to the applicant: edit and resubmit starts round 2 from the first step
	frappe.set_user(t.ae)
	doc.business_scope = "广告设计、制作、代理、发布"
	doc.save()
	doc.submit_for_review()
	frappe.set_user("Administrator")
	request = frappe.get_doc("Sign-off Request", reload(doc).signoff_request)
	assert (request.cycle, request.current_step_no, request.status) == (2, 1, "Pending")


def test_duplicate_application_for_the_same_company_is_caught(admission_team):
	first = make_admission(owner=admission_team.ae, credit_code="91310000MA1FL0XX1X")
	with pytest.raises(frappe.ValidationError, match="already has an admission application"):
		make_admission(owner=admission_team.ae, company_name=first.company_name.upper())
	with pytest.raises(frappe.ValidationError, match="already has an admission application"):
		make_admission(owner=admission_team.ae, credit_code="91310000MA1FL0XX1X")
	client = make_client()
	with pytest.raises(frappe.ValidationError, match="already a client"):
		make_admission(owner=admission_team.ae, company_name=client.customer_name)


# --- who may sign ---------------------------------------------------------------------------------


def test_no_self_approval_even_with_the_approver_role(admission_team):
	ae_and_lead = staff("Account Executive", "Department Lead")
	doc = make_admission(owner=ae_and_lead)
	frappe.set_user(ae_and_lead)
	doc.submit_for_review()
	with pytest.raises(SelfApprovalError):
		sign(doc.doctype, doc.name, "Approved")
	frappe.set_user("Administrator")
	assert frappe.db.count("Sign-off Signature", {"reference_name": doc.name}) == 0


def test_wrong_step_approver_and_signing_twice_are_refused(admission_team):
	t = admission_team
	doc = submit_admission(t)
	with pytest.raises(NotAnApproverError):
		sign_as(t.legal, doc)  # legal is step 3, not step 1
	with pytest.raises(NotAnApproverError):
		sign_as(staff("Account Manager"), doc)
	sign_as(t.marketing, doc)
	with pytest.raises(NotAnApproverError):
		sign_as(t.marketing, doc)  # step 2 is the credit reviewer's
	assert frappe.db.count("Sign-off Signature", {"reference_name": doc.name}) == 1


def test_step_fields_only_the_configured_ones(admission_team):
	t = admission_team
	doc = submit_admission(t)
	sign_as(t.marketing, doc)
	with pytest.raises(SignoffError, match="cannot be set at this step"):
		sign_as(t.credit, doc, values={"credit_rating": "A", "proposed_credit_limit": 1, "budget": 1})
	with pytest.raises(frappe.ValidationError, match="A, B, C or D"):
		sign_as(t.credit, doc, values={"credit_rating": "Z", "proposed_credit_limit": 1})
	assert reload(doc).credit_rating in (None, "")


# --- locks and forgery ------------------------------------------------------------------------------


def test_document_under_signoff_is_locked(admission_team):
	t = admission_team
	doc = submit_admission(t)
	frappe.set_user(t.ae)
	with pytest.raises(DocumentUnderSignoffError):
		set_value("Client Admission", doc.name, "budget", 1)
	fresh = reload(doc)
	fresh.ad_goals = "changed while signing"
	with pytest.raises(DocumentUnderSignoffError):
		fresh.save()
	frappe.set_user("Administrator")
	with pytest.raises(DocumentUnderSignoffError):
		client_delete("Client Admission", doc.name)
	assert frappe.db.get_value("Client Admission", doc.name, ["budget", "ad_goals"]) == (
		500000,
		"提升品牌知名度",
	)


def test_signoff_fields_status_and_step_values_cannot_be_written(admission_team):
	t = admission_team
	doc = make_admission(owner=t.ae)
	frappe.set_user(t.ae)
	for field, value in (
		("signoff_status", "Approved"),
		("status", "Approved"),
		("credit_rating", "A"),
		("proposed_credit_limit", 9999999),
		("customer", make_client().name),
	):
		with pytest.raises(UncontrolledChangeError):
			set_value("Client Admission", doc.name, field, value)
	frappe.set_user("Administrator")
	with pytest.raises(UncontrolledChangeError):
		make_admission(owner=t.ae, status="Approved")
	assert reload(doc).status == "Draft"


def test_signatures_and_requests_cannot_be_forged_or_deleted(admission_team):
	t = admission_team
	doc = submit_admission(t)
	with pytest.raises(SignoffTamperError):
		frappe.get_doc(
			{
				"doctype": "Sign-off Signature",
				"request": doc.signoff_request,
				"reference_doctype": doc.doctype,
				"reference_name": doc.name,
				"step_no": 1,
				"signer": t.marketing,
				"decision": "Approved",
			}
		).insert(ignore_permissions=True)
	request = frappe.get_doc("Sign-off Request", doc.signoff_request)
	request.status = "Approved"
	with pytest.raises(SignoffTamperError):
		request.save(ignore_permissions=True)
	sign_as(t.marketing, doc)
	signature = frappe.get_all("Sign-off Signature", {"reference_name": doc.name}, pluck="name")[0]
	with pytest.raises(SignoffTamperError):
		frappe.delete_doc("Sign-off Signature", signature, ignore_permissions=True)
	assert frappe.db.exists("Sign-off Signature", signature)


# --- work orders: co-sign, condition, full path -------------------------------------------------------


@pytest.fixture
def work_order_team():
	team = frappe._dict(
		ae=staff("Account Executive"),
		director=staff("Account Director"),
		head=staff("Client Service Head"),
		creative=staff("Department Lead"),
	)
	team.client = make_client(account_director=team.director, client_tier="Key Client").name
	return team


def test_work_order_full_path_with_cosign(work_order_team):
	t = work_order_team
	wo = make_work_order(t.client, owner=t.ae)
	frappe.set_user(t.ae)
	wo.submit_for_dispatch()
	frappe.set_user("Administrator")
	request = frappe.get_doc("Sign-off Request", reload(wo).signoff_request)
	waiting = set(request.pending_with.split("\n"))
	assert {t.director, t.head} <= waiting and t.creative not in waiting  # no creative line for media work

	sign_as(t.head, wo)
	wo = reload(wo)
	assert (wo.status, wo.signoff_status) == ("Awaiting Dispatch Sign-off", "Pending")
	with pytest.raises(AlreadySignedError):
		sign_as(t.head, wo)
	sign_as(t.director, wo, comment="同意派单")
	wo = reload(wo)
	assert (wo.status, wo.signoff_status) == ("In Progress", "Approved")
	assert frappe.db.get_value("Project", wo.project, "customer") == t.client

	frappe.set_user(t.ae)
	with pytest.raises(frappe.ValidationError, match="signed for at dispatch"):
		set_value("Client Work Order", wo.name, "budget", 1)
	approve_content(wo, t.ae)
	wo.mark_delivered()
	wo.request_acceptance()
	frappe.set_user("Administrator")
	sign_as(t.director, wo)
	sign_as(t.head, wo)
	wo = reload(wo)
	assert wo.status == "Accepted"
	frappe.set_user(t.ae)
	wo.propose_to_client()
	with pytest.raises(frappe.ValidationError, match="what the client wants revised"):
		wo.record_client_decision("Revise")
	wo.record_client_decision("Revise", "主视觉颜色太暗")
	assert reload(wo).status == "Revision Requested"
	wo.mark_delivered()
	wo.request_acceptance()
	frappe.set_user("Administrator")
	sign_as(t.director, wo)
	sign_as(t.head, wo)
	frappe.set_user(t.ae)
	wo = reload(wo)
	wo.propose_to_client()
	wo.record_client_decision("Approved")
	with pytest.raises(frappe.ValidationError, match="summary evaluation"):
		wo.archive("")
	wo.archive("<p>客户满意，按期交付</p>")
	frappe.set_user("Administrator")
	wo = reload(wo)
	assert (wo.status, wo.client_decision) == ("Archived", "Approved")
	rounds = frappe.get_all("Sign-off Request", {"reference_name": wo.name}, ["purpose", "cycle", "status"])
	assert sorted((r.purpose, r.cycle, r.status) for r in rounds) == [
		("acceptance", 1, "Approved"),
		("acceptance", 2, "Approved"),
		("dispatch", 1, "Approved"),
	]


def test_creative_work_also_needs_the_creative_lead(work_order_team):
	t = work_order_team
	wo = make_work_order(t.client, owner=t.ae, work_order_type="Creative Direction")
	frappe.set_user(t.ae)
	wo.submit_for_dispatch()
	frappe.set_user("Administrator")
	sign_as(t.director, wo)
	sign_as(t.head, wo)
	assert reload(wo).status == "Awaiting Dispatch Sign-off"
	sign_as(t.creative, wo)
	assert reload(wo).status == "In Progress"


def test_rejected_dispatch_returns_to_draft_with_reason(work_order_team):
	t = work_order_team
	wo = make_work_order(t.client, owner=t.ae)
	frappe.set_user(t.ae)
	wo.submit_for_dispatch()
	frappe.set_user("Administrator")
	sign_as(t.head, wo)
	sign_as(t.director, wo, "Rejected", comment="预算不足")
	wo = reload(wo)
	assert (wo.status, wo.signoff_status, wo.project) == ("Draft", "Rejected", None)
	assert frappe.db.get_value("Sign-off Request", wo.signoff_request, "rejection_reason") == "预算不足"


# --- rule features: N of M, conditions, delegation ---------------------------------------------------


def make_rule(purpose, steps, approvers, doctype="Client Work Order"):
	return frappe.get_doc(
		{
			"doctype": "Sign-off Rule",
			"rule_name": f"Test {purpose}",
			"document_type": doctype,
			"purpose": purpose,
			"steps": steps,
			"approvers": approvers,
		}
	).insert()


def start(doc, purpose, user):
	from agency_service.signoff.engine import submit_for_signoff

	frappe.set_user(user)
	submit_for_signoff(doc, purpose)
	frappe.set_user("Administrator")
	return reload(doc)


def test_n_of_m_and_step_condition(work_order_team):
	t = work_order_team
	directors = [staff("Account Director") for _ in range(3)]
	make_rule(
		"budget-review",
		[
			{"step_no": 1, "step_name": "Directors", "signers_required": "N of M", "required_count": 2},
			{"step_no": 2, "step_name": "Management", "condition": "doc.budget > 1000000"},
		],
		[
			*({"step_no": 1, "approver_source": "User", "user": d} for d in directors),
			{"step_no": 2, "approver_source": "Role", "role": "Agency Management"},
		],
	)
	small = start(make_work_order(t.client, owner=t.ae, budget=50000), "budget-review", t.ae)
	sign_as(directors[0], small)
	assert reload(small).signoff_status == "Pending"
	with pytest.raises(AlreadySignedError):
		sign_as(directors[0], small)
	sign_as(directors[2], small)
	assert reload(small).signoff_status == "Approved"  # step 2 skipped: budget under the threshold
	steps = frappe.get_doc("Sign-off Request", reload(small).signoff_request).steps
	assert [s.outcome for s in steps] == ["Approved", "Skipped"]

	staff("Agency Management")
	big = start(make_work_order(t.client, owner=t.ae, budget=2000000), "budget-review", t.ae)
	sign_as(directors[1], big)
	sign_as(directors[2], big)
	request = frappe.get_doc("Sign-off Request", reload(big).signoff_request)
	assert (request.status, request.current_step_no) == ("Pending", 2)


def test_delegation_is_recorded_and_required(work_order_team):
	t = work_order_team
	deputy = staff("Account Manager")
	wo = make_work_order(t.client, owner=t.ae)
	frappe.set_user(t.ae)
	wo.submit_for_dispatch()
	frappe.set_user("Administrator")
	with pytest.raises(NotAnApproverError, match="no delegation"):
		sign_as(deputy, wo, on_behalf_of=t.director)

	def delegate_for_a_week(reason):
		frappe.get_doc(
			{
				"doctype": "Sign-off Delegation",
				"delegator": t.director,
				"delegate": deputy,
				"from_date": nowdate(),
				"to_date": add_days(nowdate(), 7),
				"reason": reason,
			}
		).insert()

	# a deputy cannot grant themselves the delegation
	frappe.set_user(deputy)
	with pytest.raises(frappe.ValidationError):
		delegate_for_a_week("self-made")
	frappe.set_user(t.director)
	delegate_for_a_week("出差")
	frappe.set_user("Administrator")
	sign_as(deputy, wo, on_behalf_of=t.director)
	signature = frappe.get_all("Sign-off Signature", {"reference_name": wo.name}, ["signer", "on_behalf_of"])[
		0
	]
	assert (signature.signer, signature.on_behalf_of) == (deputy, t.director)
	with pytest.raises(AlreadySignedError):
		sign_as(t.director, wo)  # the director's part is signed already
	sign_as(t.head, wo)
	assert reload(wo).status == "In Progress"


# --- overdue steps -------------------------------------------------------------------------------------


def test_overdue_reminders_fire_once_and_escalate_once(admission_team, request):
	t = admission_team
	head = staff("Client Service Head")
	doc = submit_admission(t)
	request_name = doc.signoff_request
	started = add_to_date(now_datetime(), hours=-30)
	frappe.db.set_value(
		"Sign-off Request",
		request,
		{"step_started_at": started, "step_deadline": add_to_date(started, hours=24)},
	)

	def alerts(user):
		return frappe.db.count("Notification Log", {"for_user": user, "subject": ("like", "%overdue%")})

	request.getfixturevalue("outgoing_email")
	remind_overdue_steps()
	assert (alerts(t.marketing), alerts(head)) == (1, 0)
	remind_overdue_steps()
	assert (alerts(t.marketing), alerts(head)) == (1, 0)
	# 50 hours into a 24-hour step: past twice its deadline
	started = add_to_date(now_datetime(), hours=-50)
	frappe.db.set_value(
		"Sign-off Request",
		request_name,
		{"step_started_at": started, "step_deadline": add_to_date(started, hours=24)},
	)
	remind_overdue_steps()
	remind_overdue_steps()
	assert (alerts(t.marketing), alerts(head)) == (1, 1)
	assert frappe.db.get_value("Sign-off Request", request_name, "reminder_level") == 2
	assert (
		frappe.db.exists("Email Queue", {"message": ("like", "%overdue%")})
		or frappe.db.count("Email Queue") > 0
	)


# --- reports and print format -------------------------------------------------------------------------


def test_pending_and_cycle_time_reports(admission_team):
	from agency_service.agency_service.report.pending_sign_offs.pending_sign_offs import execute as pending
	from agency_service.agency_service.report.sign_off_cycle_time.sign_off_cycle_time import execute as cycle

	t = admission_team
	doc = submit_admission(t)
	sign_as(t.marketing, doc)
	_columns, rows, _message, chart, summary = pending({"approver": t.credit})
	mine = [r for r in rows if r["reference_name"] == doc.name]
	assert len(mine) == 1 and mine[0]["step"].startswith("2") and mine[0]["age_hours"] >= 0
	assert chart["data"]["labels"] == [t.credit] and summary[0]["value"] >= 1
	_columns, rows, _message, _chart = cycle({"rule": "Client Admission"})
	step_1 = next(r for r in rows if r["step"].startswith("1"))
	assert step_1["count"] >= 1 and step_1["median_hours"] is not None


def test_percentiles():
	from agency_service.agency_service.report.sign_off_cycle_time.sign_off_cycle_time import (
		median,
		percentile,
	)

	values = [float(v) for v in range(1, 11)]
	assert (median(values), percentile(values, 0.9)) == (5.5, 9.0)
	assert (median([4.0]), percentile([4.0], 0.9)) == (4.0, 4.0)
	assert (median([]), percentile([], 0.9)) == (None, None)


def test_work_order_print_format_lists_the_signatures(work_order_team):
	t = work_order_team
	wo = make_work_order(t.client, owner=t.ae, title="双十一媒介计划")
	frappe.set_user(t.ae)
	wo.submit_for_dispatch()
	frappe.set_user("Administrator")
	sign_as(t.head, wo, comment="同意")
	html = frappe.get_print("Client Work Order", wo.name, print_format="Client Work Order with Signatures")
	assert "双十一媒介计划" in html and frappe.utils.get_fullname(t.head) in html and "同意" in html


def test_signoff_closes_only_its_own_todos(work_order_team):
	from frappe.desk.form.assign_to import add as assign

	t = work_order_team
	planner = staff("Department Lead")
	wo = make_work_order(t.client, owner=t.ae)
	assign({"assign_to": [planner], "doctype": wo.doctype, "name": wo.name, "description": "排期"})
	frappe.set_user(t.ae)
	wo.submit_for_dispatch()
	frappe.set_user("Administrator")
	sign_as(t.head, wo)
	assert not frappe.db.exists("ToDo", {"reference_name": wo.name, "allocated_to": t.head, "status": "Open"})
	assert frappe.db.exists("ToDo", {"reference_name": wo.name, "allocated_to": t.director, "status": "Open"})
	sign_as(t.director, wo)
	open_todos = frappe.get_all("ToDo", {"reference_name": wo.name, "status": "Open"}, pluck="allocated_to")
	assert open_todos == [planner]
	assert frappe.parse_json(frappe.db.get_value("Client Work Order", wo.name, "_assign")) == [planner]
