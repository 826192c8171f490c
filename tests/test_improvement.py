"""Improvement actions from the complaint analysis: owned, due, linked to their complaints, tracked to done
through a check of their effect."""

import json

import frappe
import pytest
from frappe.utils import add_days, nowdate

from agency_service.agency_service.doctype.improvement_action.improvement_action import ImprovementError
from agency_service.guard import UncontrolledChangeError
from tests.factories import make_client, make_complaint, staff
from tests.live_server import api_session


def complaint(customer, received_at=None):
	return make_complaint(customer, received_at)


def action(owner, complaints, **kw):
	return frappe.get_doc(
		{
			"doctype": "Improvement Action",
			"title": kw.pop("title", "排期表每日同步给媒介部"),
			"responsible": owner,
			"due_date": kw.pop("due_date", add_days(nowdate(), 30)),
			"analysis_period": "2026 Q4",
			"action_plan": "<p>建立排期共享表，每日 10 点前同步。</p>",
			"complaints": [{"complaint": c} for c in complaints],
			**kw,
		}
	)


def test_an_action_is_tracked_to_done_through_its_effect_check():
	owner = staff("Account Manager")
	client = make_client()
	causes = [complaint(client.name).name, complaint(client.name).name]
	doc = action(owner, causes).insert()
	assert [row.customer for row in doc.complaints] == [client.name, client.name]
	assert frappe.db.exists("ToDo", {"reference_name": doc.name, "allocated_to": owner, "status": "Open"})

	with pytest.raises(ImprovementError):
		doc.mark_done("无", "Effective")  # not started
	doc.start_work()
	with pytest.raises(ImprovementError, match="how the effect was checked"):
		doc.mark_done(" ", "Effective")
	with pytest.raises(ImprovementError, match="outcome is one of"):
		doc.mark_done("看了", "Maybe")
	doc.mark_done("一个月内同类投诉为零", "Not Effective")
	assert frappe.db.get_value("Improvement Action", doc.name, "status") == "Not Effective"
	doc.start_work()
	doc.mark_done("两个月内同类投诉为零", "Effective")
	stored = frappe.get_doc("Improvement Action", doc.name)
	assert (stored.status, str(stored.completed_on)) == ("Done", nowdate())
	assert not frappe.db.exists("ToDo", {"reference_name": doc.name, "status": "Open"})


def test_bad_input_is_refused():
	owner = staff("Account Manager")
	client = make_client()
	cause = complaint(client.name).name
	with pytest.raises(ImprovementError, match="linked once"):
		action(owner, [cause, cause]).insert()
	with pytest.raises(ImprovementError, match="cannot be in the past"):
		action(owner, [cause], due_date=add_days(nowdate(), -1)).insert()
	with pytest.raises(UncontrolledChangeError):
		action(owner, [cause], status="Done").insert()
	frappe.local.lang = "zh"
	with pytest.raises(ImprovementError, match="每条投诉只能关联一次"):
		action(owner, [cause, cause]).insert()


def test_overdue_actions_remind_their_owner_once_a_day():
	from agency_service.agency_service.doctype.improvement_action.improvement_action import (
		remind_overdue_actions,
	)

	owner, other = staff("Account Manager"), staff("Account Manager")
	client = make_client()
	late = action(owner, [complaint(client.name).name], title="周报模板统一").insert()
	on_time = action(other, [complaint(client.name).name]).insert()
	done = action(owner, [complaint(client.name).name], title="已完成的改进").insert()
	done.start_work()
	done.mark_done("一个月内同类投诉为零", "Effective")
	for name in (late.name, done.name):
		frappe.db.set_value("Improvement Action", name, "due_date", add_days(nowdate(), -3))

	digests = remind_overdue_actions()
	assert [(dn, text) for _dt, dn, text in digests[owner]] == [
		(late.name, f"周报模板统一 was due on {add_days(nowdate(), -3)}.")
	]
	assert other not in digests  # not due yet
	digest = {"for_user": owner, "document_type": "Improvement Action", "type": "Alert"}
	assert frappe.db.count("Notification Log", digest) == 1
	assert owner not in remind_overdue_actions()  # once a day
	assert on_time.name


# --- over HTTP -----------------------------------------------------------------------------------


def test_an_action_is_created_from_the_complaint_analysis_over_http(live_server, live_data):
	head, owner = staff("Client Service Head"), staff("Account Manager")
	for user in (head, owner):
		live_data.add(frappe.get_doc("User", user))
	category = live_data.add(
		frappe.get_doc(
			{"doctype": "Complaint Category", "category_name": frappe.generate_hash(length=8)}
		).insert()
	)
	client = live_data.add(make_client())
	recent = [
		live_data.add(make_complaint(client.name, add_days(nowdate(), -d), category=category.name)).name
		for d in (3, 10)
	]
	live_data.add(make_complaint(client.name, add_days(nowdate(), -200), category=category.name))  # before
	live_data.add(make_complaint(client.name, add_days(nowdate(), -3)))  # another category
	live_data.commit()
	http = api_session(live_server, head)
	method = f"{live_server}/api/method/agency_service.api.complaints.create_improvement_action"
	values = {
		"category": category.name,
		"title": "排期变更须书面确认",
		"responsible": owner,
		"due_date": add_days(nowdate(), 30),
		"action_plan": "排期变更一律邮件书面确认，媒介部每日核对",
	}
	filters = {"from_date": add_days(nowdate(), -90), "to_date": nowdate()}

	def request(values=values, filters=filters):
		return {"values": json.dumps({k: v for k, v in values.items() if v}), "filters": json.dumps(filters)}

	for bad, message in [
		(request({**values, "category": "没有这个类别"}), "does not exist"),
		(request({**values, "due_date": add_days(nowdate(), -1)}), "cannot be in the past"),
		(request(filters={"from_date": "not a date"}), "not a valid date"),
		(request({**values, "title": None}), "title"),  # missing
		({"values": "[1, 2]"}, "not valid"),
		({"values": json.dumps({**values, "title": {"a": 1}})}, "not valid"),
		({"values": json.dumps(values), "filters": json.dumps({"from_date": [2026]})}, "not valid"),
		({"values": json.dumps(values), "filters": "{oops"}, "not valid"),
	]:
		response = http.post(method, data=bad, timeout=60)
		assert 400 <= response.status_code < 500 and message in response.text.lower(), (
			bad,
			response.text[:300],
		)
	assert not frappe.db.exists("Improvement Action", {"complaint_category": category.name})

	response = http.post(method, data=request(), timeout=60)
	assert response.ok, response.text
	frappe.db.rollback()
	name = live_data.add(frappe.get_doc("Improvement Action", response.json()["message"])).name
	doc = frappe.get_doc("Improvement Action", name)
	assert sorted(row.complaint for row in doc.complaints) == sorted(recent)
	assert (doc.responsible, doc.status, doc.complaint_category) == (owner, "Open", category.name)
	# a change of data goes by POST only
	assert http.get(method, params=request(), timeout=60).status_code >= 400

	# the owner works it; a doctored form cannot close it without the effect check
	owner_http = api_session(live_server, owner)
	run = f"{live_server}/api/method/run_doc_method"
	stored = owner_http.get(f"{live_server}/api/resource/Improvement Action/{name}", timeout=60).json()[
		"data"
	]
	for data in [
		{"method": "start_work", "docs": json.dumps({**stored, "status": "Done", "completed_on": nowdate()})},
		{
			"method": "mark_done",
			"docs": json.dumps({**stored, "status": "In Progress"}),
			"args": '{"effect_check": "好", "outcome": "Effective"}',
		},
	]:
		response = owner_http.post(run, data=data, timeout=60)
		assert response.status_code >= 400, response.text[:300]
		frappe.db.rollback()
		assert frappe.db.get_value("Improvement Action", name, "status") == "Open"
	response = owner_http.put(
		f"{live_server}/api/resource/Improvement Action/{name}", json={"status": "Done"}, timeout=60
	)
	assert response.status_code >= 400
	response = owner_http.post(
		run, data={"dt": "Improvement Action", "dn": name, "method": "start_work"}, timeout=60
	)
	assert response.ok, response.text
	frappe.db.rollback()
	assert frappe.db.get_value("Improvement Action", name, "status") == "In Progress"
