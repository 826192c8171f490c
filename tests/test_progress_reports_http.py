"""Progress reports and success cases over real HTTP: the account manager sends a report from the desk,
the client reads it on /work/<name>; another client reaches no report and no case by any way in; a
doctored form neither edits a sent report nor authorises or publishes a case; bad input gets a clear
error in the user's language."""

import json
from urllib.parse import quote

import frappe
import pytest
from frappe.utils import add_days, nowdate

from agency_service.delivery.plan import create_project
from agency_service.guard import controlled_change
from tests.factories import make_client, make_contact, make_outgoing_account, make_user, make_work_order
from tests.live_server import api_session, browser_session

PASSWORD = "Portal#Report-2026"
RUN, SAVE = "/api/method/run_doc_method", "/api/method/frappe.desk.form.save.savedocs"
REPORT, CASE = "Work Order Progress Report", "Success Case"


@pytest.fixture(scope="module")
def world(live_server, live_data):
	w = frappe._dict(url=live_server)
	live_data.add(make_outgoing_account("Progress Report Outbox", "reports@agency-test.example.com"))
	w.manager = make_user("Account Manager", "Sales User", password=PASSWORD)
	w.executive = make_user("Account Executive", "Sales User", language="zh", password=PASSWORD)
	for user in (w.manager, w.executive):
		live_data.add(frappe.get_doc("User", user))
	for side in ("a", "b"):
		client = live_data.add(make_client(account_manager=w.manager, account_executive=w.executive))
		user = make_user("Customer", password=PASSWORD)
		live_data.add(frappe.get_doc("User", user))
		contact = live_data.add(
			make_contact(client.name, user=user, email_ids=[{"email_id": user, "is_primary": 1}])
		)
		order = live_data.add(make_work_order(client.name, title=f"{side.upper()} 冬季品牌战役"))
		project = create_project(order)
		with controlled_change():
			order.db_set({"status": "In Progress", "project": project})
		live_data.add(frappe.get_doc("Project", project))
		for task in frappe.get_all("Task", {"project": project}, pluck="name"):
			live_data.records.append(("Task", task))
		case = live_data.add(
			frappe.get_doc(
				{
					"doctype": CASE,
					"title": f"{side.upper()} 冬季品牌战役案例",
					"customer": client.name,
					"work_order": order.name,
					"summary": "<p>整合传播</p>",
				}
			).insert()
		)
		w[side] = frappe._dict(
			client=client.name, user=user, contact=contact.name, order=order.name, case=case.name
		)
	live_data.commit()
	w.desk = browser_session(live_server, w.manager, PASSWORD)
	w.desk_zh = browser_session(live_server, w.executive, PASSWORD)
	yield w
	frappe.db.rollback()
	reports = frappe.get_all(REPORT, {"work_order": ("in", [w.a.order, w.b.order])}, pluck="name")
	frappe.db.delete("Email Queue", {"reference_doctype": REPORT, "reference_name": ("in", reports or [""])})
	frappe.db.delete(REPORT, {"name": ("in", reports or [""])})
	frappe.db.commit()


def post(session, url, path, data):
	return session.post(
		f"{url}{path}",
		data={k: json.dumps(v) if isinstance(v, dict) else v for k, v in data.items()},
		timeout=60,
	)


def portal(url: str, user: str):
	return browser_session(url, user, PASSWORD, page="/work")


def test_the_account_manager_sends_a_report_and_only_its_client_reads_it(world):
	url, a, b = world.url, world.a, world.b
	sent = post(
		world.desk, url, RUN, {"dt": "Client Work Order", "dn": a.order, "method": "send_progress_report"}
	)
	assert sent.ok, sent.text[:400]
	name = sent.json()["message"]
	frappe.db.rollback()
	report = frappe.get_doc(REPORT, name)
	assert (report.work_order, report.trigger, report.sent_by, report.email_status) == (
		a.order,
		"By Hand",
		world.manager,
		"Sent",
	)
	assert frappe.db.exists("Email Queue", {"reference_doctype": REPORT, "reference_name": name})
	again = post(
		world.desk, url, RUN, {"dt": "Client Work Order", "dn": a.order, "method": "send_progress_report"}
	)
	assert again.status_code == 417 and "sent today already" in again.text

	# the client reads it on its work order's page and through the portal API
	client_a = portal(url, a.user)
	page = client_a.get(f"{url}/work/{quote(a.order)}", timeout=60)
	assert page.status_code == 200 and "Progress Reports" in page.text and "No open tasks" not in page.text
	shown = client_a.get(
		f"{url}/api/method/agency_service.api.work.get_work_order", params={"name": a.order}, timeout=60
	).json()["message"]
	assert [r["name"] for r in shown["progress_reports"]] == [name]

	# another client: nothing, by any way in
	client_b, token_b = portal(url, b.user), api_session(url, b.user)
	attempts = [
		("page", lambda s: s.get(f"{url}/work/{quote(a.order)}", timeout=60)),
		(
			"portal API",
			lambda s: s.get(
				f"{url}/api/method/agency_service.api.work.get_work_order",
				params={"name": a.order},
				timeout=60,
			),
		),
		("REST report", lambda s: s.get(f"{url}/api/resource/{REPORT}/{name}", timeout=60)),
		("REST reports", lambda s: s.get(f"{url}/api/resource/{REPORT}", timeout=60)),
		(
			"get_list",
			lambda s: s.get(
				f"{url}/api/method/frappe.client.get_list",
				params={"doctype": REPORT, "fields": '["name", "work_done"]'},
				timeout=60,
			),
		),
		(
			"get",
			lambda s: s.get(
				f"{url}/api/method/frappe.client.get", params={"doctype": REPORT, "name": name}, timeout=60
			),
		),
		("REST case", lambda s: s.get(f"{url}/api/resource/{CASE}/{a.case}", timeout=60)),
		("REST cases", lambda s: s.get(f"{url}/api/resource/{CASE}", timeout=60)),
		(
			"case list",
			lambda s: s.get(
				f"{url}/api/method/frappe.client.get_list",
				params={"doctype": CASE, "fields": '["name", "title"]'},
				timeout=60,
			),
		),
		(
			"send as client",
			lambda s: s.post(
				f"{url}{RUN}",
				data={"dt": "Client Work Order", "dn": b.order, "method": "send_progress_report"},
				timeout=60,
			),
		),
	]
	for session in (client_b, token_b):
		for label, attempt in attempts:
			response = attempt(session)
			assert response.status_code in (403, 404, 417), (label, response.status_code)
			assert name not in response.text and a.case not in response.text, label
			assert "A 冬季品牌战役" not in response.text, label
	frappe.db.rollback()
	assert frappe.db.count(REPORT, {"work_order": ("in", [a.order, b.order])}) == 1


def test_a_sent_report_cannot_be_edited_through_any_form(world):
	url = world.url
	sent = post(
		world.desk,
		url,
		RUN,
		{"dt": "Client Work Order", "dn": world.b.order, "method": "send_progress_report"},
	)
	assert sent.ok, sent.text[:400]
	name = sent.json()["message"]
	stored = world.desk.get(f"{url}/api/resource/{REPORT}/{name}", timeout=60).json()["data"]
	doctored = {**stored, "work_done": "<p>全部完成</p>"}
	for path, data in (
		(SAVE, {"doc": json.dumps(doctored), "action": "Save"}),
		(
			"/api/method/frappe.client.set_value",
			{"doctype": REPORT, "name": name, "fieldname": "work_done", "value": "x"},
		),
		("/api/method/frappe.client.delete", {"doctype": REPORT, "name": name}),
	):
		response = world.desk.post(f"{url}{path}", data=data, timeout=60)
		assert response.status_code >= 400, (path, response.status_code)
	created = world.desk.post(
		f"{url}/api/resource/{REPORT}", data={"data": json.dumps({"work_order": world.b.order})}, timeout=60
	)
	assert created.status_code >= 400
	frappe.db.rollback()
	assert frappe.db.get_value(REPORT, name, "work_done") == stored["work_done"]


def test_a_doctored_form_cannot_authorise_or_publish_a_case(world):
	url, a = world.url, world.a
	stored = world.desk.get(f"{url}/api/resource/{CASE}/{a.case}", timeout=60).json()["data"]
	authorised = {
		**stored,
		"authorisation_status": "Authorised",
		"authorised_by": a.contact,
		"authorised_on": nowdate(),
		"authorisation_method": "Email",
	}
	for path, data in (
		(SAVE, {"doc": json.dumps(authorised), "action": "Save"}),
		(RUN, {"docs": json.dumps(authorised), "method": "publish"}),
		(RUN, {"docs": json.dumps({**stored, "status": "Published"}), "method": "publish"}),
		(RUN, {"dt": CASE, "dn": a.case, "method": "publish"}),
		(
			"/api/method/frappe.client.set_value",
			{"doctype": CASE, "name": a.case, "fieldname": "status", "value": "Published"},
		),
	):
		response = world.desk.post(f"{url}{path}", data=data, timeout=60)
		assert response.status_code >= 400, (path, response.status_code, response.text[:300])
		frappe.db.rollback()
		assert frappe.db.get_value(CASE, a.case, ["status", "authorisation_status"]) == (
			"Draft",
			"Not Authorised",
		), path
	put = world.desk.put(
		f"{url}/api/resource/{CASE}/{a.case}", data={"data": json.dumps({"status": "Published"})}, timeout=60
	)
	assert put.status_code >= 400


def test_bad_input_gets_a_clear_error_in_the_users_language(world):
	url, a, b = world.url, world.a, world.b
	for args, expected in (
		(
			{"contact": a.contact, "authorised_on": add_days(nowdate(), 3), "how": "Email"},
			"不能是将来的日期",
		),
		({"contact": b.contact, "authorised_on": nowdate(), "how": "Contract Clause"}, "的联系人"),
		({"contact": a.contact, "authorised_on": nowdate(), "how": "点头"}, "授权方式须为以下之一"),
		({"contact": a.contact, "authorised_on": "昨天", "how": "Contract Clause"}, "不是有效的日期格式"),
	):
		response = post(
			world.desk_zh,
			url,
			RUN,
			{"dt": CASE, "dn": a.case, "method": "record_authorisation", "args": json.dumps(args)},
		)
		assert response.status_code == 417, (args, response.status_code)
		assert expected in json.loads(json.loads(response.json()["_server_messages"])[0])["message"], args
	schedule = world.desk_zh.put(
		f"{url}/api/resource/Client Work Order/{a.order}",
		data={"data": json.dumps({"report_frequency": "Weekly", "next_report_on": add_days(nowdate(), -3)})},
		timeout=60,
	)
	assert schedule.status_code == 417 and "不能是过去的日期" in schedule.json()["exception"]
