"""Demo data for delivery on the portal (/work): the portal client's campaign, dispatched through its
sign-off, with the first milestone confirmed by the client in writing, the second reached and awaiting
the client, a submitted estimate to confirm, and a change the client asked for, signed off and awaiting
the client's confirmation.

Idempotent: made once, when the portal client has no campaign of that title."""

import frappe
from frappe.utils import add_days, nowdate

from agency_service.delivery import confirmations
from agency_service.demo.base import as_user, demo_company, portal_contact, signs
from agency_service.guard import controlled_change

TITLE = "双十一整合营销战役"


def make_delivery_demo(rng):
	client, contact = portal_contact()
	portal_user = contact and frappe.db.get_value("Contact", contact, "user")
	if not portal_user or frappe.db.exists("Client Work Order", {"customer": client, "title": TITLE}):
		return
	team = frappe.db.get_value("Customer", client, ["account_director", "account_executive"], as_dict=True)
	executive, director = team.account_executive.split("@")[0], team.account_director.split("@")[0]
	as_user(executive)
	order = frappe.get_doc(
		{
			"doctype": "Client Work Order",
			"customer": client,
			"work_order_type": "Campaign Plan",
			"title": TITLE,
			"deadline": add_days(nowdate(), 45),
			"company": demo_company(),
			"budget": 480_000,
			"brief": "<p>双十一期间线上线下整合投放：天猫旗舰店引流、抖音达人种草、地铁灯箱。</p>",
			"objectives": "活动期间旗舰店访客 +40%，新客占比 30%",
			"deliverables": "整合传播方案、创意主视觉、媒介排期表、达人名单",
			"target_departments": [{"department": "Media"}],
		}
	).insert()
	order.submit_for_dispatch()
	signs(order, director, "chen.jing")
	order = frappe.get_doc("Client Work Order", order.name)
	milestones = frappe.get_all(
		"Task", {"project": order.project, "is_milestone": 1}, pluck="name", order_by="exp_end_date"
	)
	for task, note in zip(
		milestones, ("<p>简报与预算已对齐。</p>", "<p>两套创意概念已提交。</p>"), strict=False
	):
		done = frappe.get_doc("Task", task)
		done.update({"status": "Completed", "description": note})
		done.save(ignore_permissions=True)  # ERPNext updates the project's progress

	frappe.set_user(portal_user)  # the client confirms the brief on the portal
	order = frappe.get_doc("Client Work Order", order.name)
	first = next(i for i in confirmations.pending_items(order) if i.reference_name == milestones[0])
	confirmations.confirm(order, first.version, confirmations.CONFIRMED, "简报确认无误")
	frappe.set_user("Administrator")

	quotation = frappe.get_doc(
		{
			"doctype": "Quotation",
			"quotation_to": "Customer",
			"party_name": client,
			"client_work_order": order.name,
			"company": demo_company(),
			"items": [
				{"item_code": "AGENCY-MEDIA", "qty": 1, "rate": 360_000},
				{"item_code": "AGENCY-CREATIVE", "qty": 1, "rate": 120_000},
			],
		}
	).insert(ignore_permissions=True)
	quotation.submit()

	change = frappe.get_doc(
		{
			"doctype": "Work Order Change Request",
			"work_order": order.name,
			"description": "客户要求增加小红书达人投放",
			"requested_by_client": 1,
			"requested_by": portal_user,
			"budget_change": 30_000,  # the account director signs (management from 50,000)
		}
	)
	with controlled_change():  # as the portal records a request the client made
		change.insert(ignore_permissions=True)
	as_user(executive)
	change.submit_request()
	signs(change, director)
