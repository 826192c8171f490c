"""From brief to delivery on the client portal (/work), over real HTTP: a client follows its work order,
confirms milestones, an estimate, a change and the proposal in writing — each stamped with user, time
and the version seen — and another client reaches none of it, by any way in."""

import json
import re
from urllib.parse import quote

import frappe
import pytest
import requests
from frappe.utils import add_days, flt, nowdate

from agency_service.delivery.confirmations import fingerprint, pending_items
from tests.factories import approve_content, make_client, make_contact, make_user, make_work_order, staff
from tests.live_server import api_session
from tests.test_signoff import sign_as

API = "/api/method/agency_service.api.work."
PASSWORD = "Portal#Work-2026"


def dispatched(team, customer, live_data, **kw):
	"""A work order dispatched through its real sign-off: its project and tasks come from the template."""
	order = make_work_order(customer, owner=team.ae, **kw)
	frappe.set_user(team.ae)
	order.submit_for_dispatch()
	frappe.set_user("Administrator")
	sign_as(team.head, order)
	sign_as(team.director, order)
	order = frappe.get_doc("Client Work Order", order.name)
	assert order.status == "In Progress" and order.project
	live_data.add(order)
	live_data.add(frappe.get_doc("Project", order.project))
	for task in frappe.get_all("Task", {"project": order.project}, pluck="name"):
		live_data.records.append(("Task", task))
	return order


@pytest.fixture(scope="module")
def work(live_server, live_data):
	t = frappe._dict(url=live_server)
	t.ae, t.director, t.head = (
		staff("Account Executive"),
		staff("Account Director"),
		staff("Client Service Head"),
	)
	for user in (t.ae, t.director, t.head):
		live_data.add(frappe.get_doc("User", user))
	for side in ("a", "b"):
		client = live_data.add(
			make_client(client_tier="Key Client", account_director=t.director, account_executive=t.ae)
		)
		user = make_user("Customer", password=PASSWORD)
		live_data.add(frappe.get_doc("User", user))
		live_data.add(make_contact(client.name, user=user, email_ids=[{"email_id": user, "is_primary": 1}]))
		order = dispatched(t, client.name, live_data, title=f"{side.upper()} 秋季媒介投放计划")
		t[side] = frappe._dict(client=client.name, user=user, order=order.name, project=order.project)
	live_data.commit()
	t.ae_http = api_session(live_server, t.ae)
	return t


def browser(url: str, user: str) -> requests.Session:
	session = requests.Session()
	assert session.post(f"{url}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=60).ok
	page = session.get(f"{url}/work", timeout=60)
	assert page.status_code == 200, page.text[:300]
	session.headers["X-Frappe-CSRF-Token"] = re.search(r'frappe.csrf_token = "([^"]+)"', page.text).group(1)
	session.headers["Accept"] = "application/json"
	return session


def detail(http, url, name) -> dict:
	response = http.get(f"{url}{API}get_work_order", params={"name": name}, timeout=60)
	assert response.ok, response.text[:300]
	return response.json()["message"]


def pending(http, url, name, kind) -> dict:
	return next(i for i in detail(http, url, name)["to_confirm"] if i["kind"] == kind)


def confirm(http, url, name, item, decision="Confirmed", **kw):
	data = {"name": name, "version": item["version"], "decision": decision, **kw}
	return http.post(f"{url}{API}confirm", data=data, timeout=60)


def confirmations(name) -> list:
	frappe.db.rollback()
	return frappe.get_all(
		"Client Confirmation",
		{"work_order": name},
		["subject_type", "reference_name", "decision", "confirmed_by", "confirmed_at", "version"],
		order_by="creation",
	)


def test_dispatch_creates_the_delivery_plan_of_the_type():
	template = [
		(
			frappe.db.get_value("Task", row.task, "subject"),
			frappe.db.get_value("Task", row.task, "is_milestone"),
		)
		for row in frappe.get_doc("Project Template", "Media Plan").tasks
	]
	team = frappe._dict(ae=staff("Account Executive"), director=staff("Account Director"))
	team.head = staff("Client Service Head")
	client = make_client(client_tier="Key Client", account_director=team.director)

	class Keep:
		records: list = []

		def add(self, doc):
			return doc

	order = dispatched(team, client.name, Keep())
	tasks = frappe.get_all(
		"Task", {"project": order.project}, ["subject", "is_milestone", "exp_end_date"], order_by="creation"
	)
	assert [(t.subject, t.is_milestone) for t in tasks] == template
	assert all(str(t.exp_end_date) <= str(order.deadline) for t in tasks)


def test_a_client_confirms_its_work_in_writing_on_the_portal(work, live_data):
	url, a = work.url, work.a
	http = browser(url, a.user)
	listing = http.get(f"{url}/work", timeout=60).text
	assert "A 秋季媒介投放计划" in listing and "B 秋季媒介投放计划" not in listing
	page = http.get(f"{url}/work/{quote(a.order)}", timeout=60)
	assert page.status_code == 200 and "媒介简报确认" in page.text  # the first milestone of the plan
	assert detail(http, url, a.order)["to_confirm"] == []  # no milestone reached yet

	# a milestone is reached: the client sees it with the version shown, and confirms exactly that
	first = frappe.get_all(
		"Task", {"project": a.project, "is_milestone": 1}, ["name", "subject"], order_by="exp_end_date"
	)[0]
	frappe.db.set_value(
		"Task", first.name, {"status": "Completed", "description": "<p>简报已确认：预算 12 万</p>"}
	)
	frappe.db.commit()
	item = pending(http, url, a.order, "Milestone")
	assert item["reference_name"] == first.name and item["content"] == "简报已确认：预算 12 万"
	stale = {**item, "version": fingerprint(["something else"])}
	response = confirm(http, url, a.order, stale)
	assert response.status_code == 417 and "changed since you opened it" in response.text
	frappe.db.set_value(
		"Task", first.name, "description", "<p>简报已确认：预算 15 万</p>"
	)  # changed meanwhile
	frappe.db.commit()
	response = confirm(http, url, a.order, item)
	assert response.status_code == 417 and not confirmations(a.order)  # the outdated version is refused
	item = pending(http, url, a.order, "Milestone")
	response = confirm(http, url, a.order, item)
	assert response.ok, response.text[:300]
	live_data.records.append(("Client Confirmation", response.json()["message"]))
	[stamp] = confirmations(a.order)
	assert (stamp.subject_type, stamp.reference_name, stamp.decision, stamp.confirmed_by, stamp.version) == (
		"Milestone",
		first.name,
		"Confirmed",
		a.user,
		item["version"],
	)
	assert stamp.confirmed_at
	response = confirm(http, url, a.order, item)  # twice: nothing awaits any more
	assert response.status_code == 417 and len(confirmations(a.order)) == 1

	# the estimate: a submitted Quotation of the work order, confirmed as it stands
	quotation = estimate(a.client, a.order, 38000)
	live_data.add(quotation)
	frappe.db.commit()
	item = pending(http, url, a.order, "Estimate")
	assert item["reference_name"] == quotation.name and "38,000.00" in item["subject"]
	response = confirm(http, url, a.order, item, comments="同意报价")
	assert response.ok, response.text[:300]
	live_data.records.append(("Client Confirmation", response.json()["message"]))

	# a change the client asks for: completed by the account team, signed off, confirmed by the client
	response = http.post(
		f"{url}{API}request_change", data={"name": a.order, "description": "增加一条抖音投放"}, timeout=60
	)
	assert response.ok, response.text[:300]
	change = live_data.add(frappe.get_doc("Work Order Change Request", response.json()["message"]))
	assert (change.requested_by_client, change.requested_by, change.status) == (1, a.user, "Draft")
	budget = flt(frappe.db.get_value("Client Work Order", a.order, "budget"))
	frappe.set_user(work.ae)
	change.budget_change = 20000
	change.save()
	assert change.submit_request() == "Awaiting Sign-off"
	frappe.set_user("Administrator")
	sign_as(work.director, change)
	frappe.db.commit()
	assert frappe.db.get_value("Work Order Change Request", change.name, "status") == "Awaiting Client"
	assert flt(frappe.db.get_value("Client Work Order", a.order, "budget")) == budget  # not before the client
	response = confirm(http, url, a.order, pending(http, url, a.order, "Change Request"))
	assert response.ok, response.text[:300]
	live_data.records.append(("Client Confirmation", response.json()["message"]))
	frappe.db.rollback()
	assert frappe.db.get_value("Work Order Change Request", change.name, "status") == "Applied"
	assert flt(frappe.db.get_value("Client Work Order", a.order, "budget")) == budget + 20000

	# the proposal: the client's written decision moves the work order; completion sends one survey
	assert "Proposal" not in {i["kind"] for i in detail(http, url, a.order)["to_confirm"]}
	propose(work, a.order, live_data)
	item = pending(http, url, a.order, "Proposal")
	response = confirm(http, url, a.order, item, decision="Changes Requested")
	assert response.status_code == 417 and "what you would like changed" in response.text
	response = confirm(http, url, a.order, item)
	assert response.ok, response.text[:300]
	live_data.records.append(("Client Confirmation", response.json()["message"]))
	frappe.db.rollback()
	assert frappe.db.get_value("Client Work Order", a.order, ["status", "client_decision"]) == (
		"Client Approved",
		"Approved",
	)
	surveys = frappe.get_all("Survey Invitation", {"reference_name": a.order}, pluck="name")
	assert len(surveys) == 1
	live_data.records += [("Survey Invitation", s) for s in surveys]
	kinds = [c.subject_type for c in confirmations(a.order)]
	assert kinds == ["Milestone", "Estimate", "Change Request", "Proposal"]


def estimate(customer, order, amount):
	item = (
		frappe.db.get_value("Item", {"item_code": "媒介代理服务"})
		or frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": "媒介代理服务",
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name"),
				"stock_uom": "Nos",
				"is_stock_item": 0,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	doc = frappe.get_doc(
		{
			"doctype": "Quotation",
			"quotation_to": "Customer",
			"party_name": customer,
			"client_work_order": order,
			"company": frappe.db.get_value("Company", {}, "name"),
			"items": [{"item_code": item, "qty": 1, "rate": amount}],
		}
	).insert(ignore_permissions=True)
	doc.submit()
	return doc


def propose(team, order, live_data):
	from agency_service.signoff.engine import sign

	doc = frappe.get_doc("Client Work Order", order)
	legal = staff("Legal Reviewer")
	live_data.add(frappe.get_doc("User", legal))
	review = approve_content(doc, team.ae, legal)  # what the client is shown has passed Legal's review
	live_data.records.append(("Ad Content Review", review))
	frappe.set_user(team.ae)
	doc.mark_delivered()
	doc.request_acceptance()
	frappe.set_user("Administrator")
	for user in (team.director, team.head):
		frappe.set_user(user)
		sign("Client Work Order", order, "Approved")
		frappe.set_user("Administrator")
	frappe.set_user(team.ae)
	frappe.get_doc("Client Work Order", order).propose_to_client()
	frappe.set_user("Administrator")
	frappe.db.commit()


def test_another_client_reaches_nothing_of_this_work(work):
	url, a, b = work.url, work.a, work.b
	http = browser(url, b.user)
	token = api_session(url, b.user)
	task = frappe.get_all("Task", {"project": a.project}, pluck="name")[0]
	missing = http.get(f"{url}{API}get_work_order", params={"name": "CWO-NOPE-0001"}, timeout=60)
	assert missing.status_code == 404
	# a real item of client A awaiting its confirmation: a milestone reached
	late = frappe.get_all(
		"Task", {"project": a.project, "is_milestone": 1, "status": ("!=", "Completed")}, pluck="name"
	)[0]
	frappe.db.set_value("Task", late, "status", "Completed")
	frappe.db.commit()
	[item] = [
		i for i in pending_items(frappe.get_doc("Client Work Order", a.order)) if i.reference_name == late
	]
	made_up = {"version": item.version, "decision": "Confirmed"}
	before = (confirm_count := lambda: len(confirmations(a.order)))()
	changes = frappe.db.count("Work Order Change Request", {"work_order": a.order})
	attempts = [
		("page", lambda s: s.get(f"{url}/work/{quote(a.order)}", timeout=60)),
		("detail API", lambda s: s.get(f"{url}{API}get_work_order", params={"name": a.order}, timeout=60)),
		("confirm", lambda s: s.post(f"{url}{API}confirm", data={"name": a.order, **made_up}, timeout=60)),
		(
			"change",
			lambda s: s.post(
				f"{url}{API}request_change", data={"name": a.order, "description": "x"}, timeout=60
			),
		),
		(
			"mixed: own order, other's item",
			lambda s: s.post(f"{url}{API}confirm", data={"name": b.order, **made_up}, timeout=60),
		),
		("REST order", lambda s: s.get(f"{url}/api/resource/Client Work Order/{quote(a.order)}", timeout=60)),
		("REST list", lambda s: s.get(f"{url}/api/resource/Client Work Order", timeout=60)),
		("REST confirmations", lambda s: s.get(f"{url}/api/resource/Client Confirmation", timeout=60)),
		(
			"REST create confirmation",
			lambda s: s.post(
				f"{url}/api/resource/Client Confirmation",
				data={"data": json.dumps({"work_order": a.order, "decision": "Confirmed"})},
				timeout=60,
			),
		),
		("REST changes", lambda s: s.get(f"{url}/api/resource/Work Order Change Request", timeout=60)),
		("REST task", lambda s: s.get(f"{url}/api/resource/Task/{task}", timeout=60)),
		("REST project", lambda s: s.get(f"{url}/api/resource/Project/{quote(a.project)}", timeout=60)),
		(
			"get_value",
			lambda s: s.get(
				f"{url}/api/method/frappe.client.get_value",
				params={"doctype": "Client Work Order", "filters": a.order, "fieldname": "budget"},
				timeout=60,
			),
		),
		(
			"get_list",
			lambda s: s.get(
				f"{url}/api/method/frappe.client.get_list",
				params={"doctype": "Client Work Order", "fields": '["name","budget"]'},
				timeout=60,
			),
		),
		(
			"set_value",
			lambda s: s.post(
				f"{url}/api/method/frappe.client.set_value",
				data={"doctype": "Client Work Order", "name": a.order, "fieldname": "budget", "value": 1},
				timeout=60,
			),
		),
		(
			"run_doc_method",
			lambda s: s.post(
				f"{url}/api/method/run_doc_method",
				data={
					"dt": "Client Work Order",
					"dn": a.order,
					"method": "record_client_decision",
					"args": '{"decision": "Approved"}',
				},
				timeout=60,
			),
		),
		(
			"search",
			lambda s: s.get(
				f"{url}/api/method/frappe.desk.search.search_link",
				params={"doctype": "Client Work Order", "txt": a.order[:6]},
				timeout=60,
			),
		),
		(
			"print",
			lambda s: s.get(
				f"{url}/printview", params={"doctype": "Client Work Order", "name": a.order}, timeout=60
			),
		),
		(
			"pdf",
			lambda s: s.get(
				f"{url}/api/method/frappe.utils.print_format.download_pdf",
				params={"doctype": "Client Work Order", "name": a.order},
				timeout=60,
			),
		),
		(
			"report",
			lambda s: s.get(
				f"{url}/api/method/frappe.desk.reportview.get",
				params={"doctype": "Client Work Order", "fields": '["name"]'},
				timeout=60,
			),
		),
	]
	for session in (http, token):
		for label, attempt in attempts:
			response = attempt(session)
			text = response.text
			assert a.order not in text or response.status_code in (403, 404), (label, response.status_code)
			assert "A 秋季媒介投放计划" not in text, label
			if label in ("page", "detail API", "confirm", "change"):
				# answered exactly as an unknown work order: no oracle
				assert response.status_code == 404, (label, response.status_code)
				assert label == "page" or response.json() == missing.json(), (label, text[:200])
	assert confirm_count() == before
	assert item.version in {i.version for i in pending_items(frappe.get_doc("Client Work Order", a.order))}
	frappe.db.rollback()
	assert frappe.db.count("Work Order Change Request", {"work_order": a.order}) == changes
	assert flt(frappe.db.get_value("Client Work Order", a.order, "budget")) != 1
	# a post without the session's CSRF token is refused (a cross-site form)
	bare = requests.Session()
	bare.cookies.update(http.cookies)
	response = bare.post(
		f"{url}{API}request_change", data={"name": b.order, "description": "跨站"}, timeout=60
	)
	assert response.status_code in (400, 403)
	assert not frappe.db.exists("Work Order Change Request", {"work_order": b.order, "description": "跨站"})
	# a guest is sent to log in
	guest = requests.get(f"{url}/work/{quote(a.order)}", allow_redirects=False, timeout=60)
	assert guest.status_code in (301, 302, 303) and "/login" in guest.headers["Location"]


def test_bad_input_gets_a_clear_error(work):
	from agency_service.agency_service.doctype.client_work_order.client_work_order import WorkOrderError

	with pytest.raises(WorkOrderError, match="cannot be in the past"):
		make_work_order(work.a.client, deadline=add_days(nowdate(), -1))
	with pytest.raises(WorkOrderError, match="at least 14 days"):
		make_work_order(work.a.client, work_order_type="Media Plan", deadline=add_days(nowdate(), 5))
	with pytest.raises(frappe.ValidationError, match="more than 0"):
		estimate(work.a.client, work.a.order, 0)
	with pytest.raises(frappe.ValidationError, match="made out to the work order's client"):
		estimate(work.b.client, work.a.order, 100)
	change = frappe.get_doc(
		{
			"doctype": "Work Order Change Request",
			"work_order": work.b.order,
			"description": "延期",
			"new_deadline": add_days(nowdate(), -3),
		}
	)
	with pytest.raises(frappe.ValidationError, match="cannot be in the past"):
		change.insert()
	# not dispatched yet: the brief itself is still edited, no change request
	change.work_order, change.new_deadline = make_work_order(work.b.client).name, None
	with pytest.raises(frappe.ValidationError, match="not for a work order that is"):
		change.insert()
	http = browser(work.url, work.a.user)
	response = http.post(
		f"{work.url}{API}request_change", data={"name": work.a.order, "description": " "}, timeout=60
	)
	assert response.status_code == 417 and "What Changes is needed" in response.text
	response = http.post(
		f"{work.url}{API}confirm",
		data={"name": work.a.order, "version": "v", "decision": "Maybe"},
		timeout=60,
	)
	assert response.status_code == 417 and "The answer is one of" in response.text
