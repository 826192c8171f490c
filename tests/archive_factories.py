"""Factories for the client archive: a served client with contacts and a brand file, open items of a
client held by one person. Nothing is committed unless a live test commits it."""

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, nowdate, random_string

from agency_service.guard import controlled_change
from agency_service.signoff.engine import sign
from tests.factories import make_contact, staff


def make_team():
	return frappe._dict(
		director=staff("Account Director"),
		manager=staff("Account Manager"),
		executive=staff("Account Executive"),
		head=staff("Client Service Head"),
	)


def make_brand_file(customer: str, keeper: str, people: int = 3, **kw):
	contacts = [make_contact(customer, first_name=f"联系人{n}{random_string(3)}") for n in range(people)]
	rows = [
		{
			"contact": contact.name,
			"reports_to": contacts[0].name if n else None,
			"decision_role": "Final Decision" if n == 0 else "Day-to-Day Contact",
			"background": "十年快消品牌经验",
		}
		for n, contact in enumerate(contacts)
	]
	doc = frappe.get_doc(
		{
			"doctype": "Brand File",
			"customer": customer,
			"keeper": keeper,
			"brands": [{"brand": "华辰", "product": "矿泉水", "category": "饮料"}],
			"people": rows,
			"competitors": [
				{"competitor": "农夫山泉", "year": 2025, "medium": "TV", "estimated_spend": 120000000},
				{"competitor": "怡宝", "year": 2025, "medium": "Digital", "estimated_spend": 80000000},
			],
			"ad_volumes": [{"year": 2025, "medium": "TV", "amount": 30000000}],
			"campaigns": [{"campaign": "夏日畅饮", "year": 2025, "results": "销量同比增长18%"}],
			**kw,
		}
	)
	return doc.insert(ignore_permissions=True), contacts


def make_open_items(customer: str, user: str, count: int = 1) -> dict:
	"""Open items of ``customer`` held by ``user`` (its account manager): one visit (a client has one open
	visit at a time) with ``count`` action items, ``count`` complaints (their account manager comes from
	the client) and ``count`` ToDos on the client."""
	made = {"visits": [], "complaints": [], "todos": []}
	start = add_days(now_datetime(), 3)
	visit = frappe.get_doc(
		{
			"doctype": "Client Visit",
			"customer": customer,
			"account_manager": user,
			"visit_start": start,
			"visit_end": add_to_date(start, hours=1),
			"purpose": "季度回顾",
			"action_items": [
				{"action": f"提交媒介方案 {n}", "assigned_to": user, "due_date": add_days(nowdate(), 7)}
				for n in range(count)
			],
		}
	)
	visit.insert(ignore_permissions=True)
	made["visits"].append(visit.name)
	for _n in range(count):
		complaint = frappe.get_doc(
			{
				"doctype": "Client Complaint",
				"subject": "排期延误",
				"customer": customer,
				"content": "<p>投放排期比约定晚了三天</p>",
				"channel": "Phone",
				"received_at": now_datetime(),
				"priority": "Medium",
				"category": "Service Quality",
			}
		)
		complaint.insert(ignore_permissions=True)
		made["complaints"].append(complaint.name)
		todo = frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": user,
				"description": "回访客户",
				"reference_type": "Customer",
				"reference_name": customer,
			}
		).insert(ignore_permissions=True)
		made["todos"].append(todo.name)
	return made


def close_visit(name: str):
	"""The visit took place and its action items are done (as if its minutes were submitted)."""
	with controlled_change():
		frappe.db.set_value("Client Visit", name, {"status": "Completed", "docstatus": 1})
	item = frappe.qb.DocType("Client Visit Action Item")
	frappe.qb.update(item).set(item.status, "Closed").where(item.parent == name).run()


def live_staff(live_data, **roles: str) -> frappe._dict:
	"""Committed staff users for a live test, one per keyword (``head="Client Service Head"``)."""
	people = frappe._dict({key: staff(role) for key, role in roles.items()})
	for user in people.values():
		live_data.add(frappe.get_doc("User", user))
	return people


def make_handover(client, old, new, **kw):
	doc = frappe.get_doc(
		{
			"doctype": "Client Handover",
			"customer": client.name,
			"team_role": kw.pop("team_role", "Account Manager"),
			"outgoing_user": old,
			"incoming_user": new,
			"reason": "客户经理调岗",
			**kw,
		}
	).insert(ignore_permissions=True)
	for row in doc.checklist:
		row.done = 1
	doc.save(ignore_permissions=True)
	return doc


def sign_handover(doc, team, new):
	"""Submitted by the Client Service Head, signed by the outgoing, the incoming person and the head."""
	try:
		frappe.set_user(team.head)
		doc.submit_for_signoff()
		for user in (team.manager, new, team.head):
			frappe.set_user(user)
			sign(doc.doctype, doc.name, "Approved")
	finally:
		frappe.set_user("Administrator")
	return frappe.get_doc(doc.doctype, doc.name)


def make_ended_stand_in(client, team, stand_in):
	"""A stand-in for the client's account manager, signed, whose period ended yesterday."""
	doc = make_handover(
		client,
		team.manager,
		stand_in,
		handover_type="Stand-in",
		from_date=add_days(nowdate(), -10),
		to_date=add_days(nowdate(), -1),
	)
	return sign_handover(doc, team, stand_in)
