"""Credit re-assessment (issue 16, 004 §5.1.3): a review task per client per its tier's period; the Credit
Reviewer lowers the limit or suspends; a suspended client gets no new work order or contract — on the real
site and over real HTTP."""

import json

import frappe
import pytest
from frappe.utils import add_days, nowdate

from agency_service.agency_service.doctype.credit_review.credit_review import CreditReviewError
from agency_service.compliance.credit import ClientSuspendedError, schedule_credit_reviews
from tests.factories import as_user, make_client, make_work_order, staff
from tests.live_server import api_session, assert_all_refused, call_as


def company() -> str:
	return frappe.defaults.get_global_default("company")


def client_with_limit(limit=500_000, tier="Potential Client", **kw):
	return make_client(client_tier=tier, credit_limits=[{"company": company(), "credit_limit": limit}], **kw)


def open_review(customer):
	return frappe.get_doc("Credit Review", {"customer": customer, "status": "Open"})


def test_a_review_is_opened_per_client_per_its_tiers_period():
	reviewer = staff("Credit Reviewer")
	potential, regular = client_with_limit(), client_with_limit(tier="Regular Client")
	schedule_credit_reviews()
	review = open_review(potential.name)
	assert (review.client_tier, review.current_limit, review.status) == ("Potential Client", 500_000, "Open")
	assert schedule_credit_reviews() == 0 or not frappe.get_all(
		"Credit Review", {"customer": potential.name, "name": ("!=", review.name)}
	)
	as_user(reviewer, review.complete, "Keep", "按时回款，维持额度")
	assert frappe.db.get_value("Customer", potential.name, "last_credit_review") is not None
	# the next one is due after the tier's period, not before
	period = frappe.db.get_value("Client Tier", "Potential Client", "credit_review_days")
	schedule_credit_reviews(add_days(nowdate(), period - 1))
	assert not frappe.db.exists("Credit Review", {"customer": potential.name, "status": "Open"})
	schedule_credit_reviews(add_days(nowdate(), period))
	assert frappe.db.exists("Credit Review", {"customer": potential.name, "status": "Open"})
	assert frappe.db.exists("Credit Review", {"customer": regular.name, "status": "Open"})
	subjects = frappe.get_all("Notification Log", {"for_user": reviewer}, pluck="subject")
	assert any("credit reviews are due" in s for s in subjects)


def test_the_credit_reviewer_lowers_the_limit_never_raises_it():
	reviewer = staff("Credit Reviewer")
	client = client_with_limit()
	schedule_credit_reviews()
	review = open_review(client.name)
	with pytest.raises(CreditReviewError, match="lowers the limit"):
		as_user(reviewer, review.complete, "Lower Limit", "额度调整", new_limit=800_000)
	with pytest.raises(CreditReviewError, match="reason"):
		as_user(reviewer, review.complete, "Lower Limit", " ", new_limit=100_000)
	as_user(reviewer, review.complete, "Lower Limit", "回款逾期 60 天", new_limit=200_000, new_rating="C")
	limit = frappe.db.get_value("Customer Credit Limit", {"parent": client.name}, "credit_limit")
	assert (limit, frappe.db.get_value("Customer", client.name, "credit_rating")) == (200_000, "C")
	with pytest.raises(CreditReviewError, match="decided already"):
		as_user(reviewer, frappe.get_doc("Credit Review", review.name).complete, "Suspend", "再次")


def test_a_suspended_client_gets_no_new_work_order_or_contract():
	reviewer, ae = staff("Credit Reviewer"), staff("Account Executive", "Account Manager")
	client = client_with_limit()
	existing = make_work_order(client.name, owner=ae)
	schedule_credit_reviews()
	as_user(reviewer, open_review(client.name).complete, "Suspend", "严重逾期且失联")
	assert frappe.db.get_value("Customer", client.name, "credit_suspended") == 1
	with pytest.raises(ClientSuspendedError):
		make_work_order(client.name, owner=ae)
	frappe.set_user(ae)
	with pytest.raises(ClientSuspendedError):
		frappe.get_doc(
			{
				"doctype": "Contract",
				"party_type": "Customer",
				"party_name": client.name,
				"start_date": nowdate(),
				"contract_terms": "补充协议",
			}
		).insert()
	frappe.set_user("Administrator")
	# work already under way goes on; the suspension is lifted by a later review only
	existing.reload()
	existing.objectives = "按原计划执行"
	as_user(ae, existing.save)
	customer = frappe.get_doc("Customer", client.name)
	customer.credit_suspended = 0
	with pytest.raises(frappe.ValidationError):
		customer.save()
	schedule_credit_reviews(add_days(nowdate(), 365))
	as_user(reviewer, open_review(client.name).complete, "Lift Suspension", "已结清欠款")
	assert make_work_order(client.name, owner=ae).customer == client.name


# --- over real HTTP ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def web(live_server, live_data):
	w = frappe._dict(
		reviewer=staff("Credit Reviewer"),
		ae=staff("Account Executive", "Account Manager"),
		head=staff("Client Service Head"),
	)
	for user in list(w.values()):
		live_data.add(frappe.get_doc("User", user))
	client = live_data.add(client_with_limit(account_manager=w.ae))
	w.client = client.name
	live_data.commit()
	schedule_credit_reviews()
	w.review = live_data.add(open_review(client.name)).name
	live_data.commit()
	w.http = {user: api_session(live_server, user) for user in (w.reviewer, w.ae, w.head)}
	return w


def footprint(w):
	frappe.db.rollback()
	return (
		frappe.db.get_value(
			"Customer", w.client, ["credit_suspended", "credit_rating", "last_credit_review"]
		),
		frappe.db.get_value("Customer Credit Limit", {"parent": w.client}, "credit_limit"),
		frappe.db.get_value("Credit Review", w.review, ["status", "decision", "modified"]),
		frappe.db.count("Client Work Order", {"customer": w.client}),
	)


def test_credit_bypasses_over_http_are_refused(web):
	run = "/api/method/run_doc_method"
	decide = {"dt": "Credit Review", "dn": web.review, "method": "complete"}
	suspend = {**decide, "args": json.dumps({"decision": "Suspend", "reason": "x"})}
	set_value = "/api/method/frappe.client.set_value"
	suspension = {"doctype": "Customer", "name": web.client, "fieldname": "credit_suspended"}
	assert_all_refused(
		web.http,
		[
			(web.ae, "POST", run, {"data": suspend}),
			(web.head, "POST", run, {"data": suspend}),
			(web.ae, "PUT", f"/api/resource/Credit Review/{web.review}", {"json": {"status": "Completed"}}),
			(web.reviewer, "POST", set_value, {"data": {**suspension, "value": 1}}),
			(
				web.reviewer,
				"POST",
				run,
				{"data": {**decide, "args": json.dumps({"decision": "Raise", "reason": "x"})}},
			),
			(web.reviewer, "POST", "/api/resource/Credit Review", {"json": {"customer": web.client}}),
		],
		lambda: footprint(web),
	)
	response = call_as(web.http, web.reviewer, "POST", run, data=suspend)
	assert response.ok, response.text[:300]
	new_order = {
		"customer": web.client,
		"title": "新品发布会",
		"work_order_type": "Campaign Plan",
		"deadline": add_days(nowdate(), 30),
		"company": company(),
		"budget": 1000,
	}
	assert_all_refused(
		web.http,
		[
			(web.ae, "POST", "/api/resource/Client Work Order", {"json": new_order}),
			(web.reviewer, "POST", set_value, {"data": {**suspension, "value": 0}}),
		],
		lambda: footprint(web),
	)
