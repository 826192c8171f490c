"""Demo data for delivery on the portal (/work): the portal client's campaign, dispatched through its
sign-off, with the first milestone confirmed by the client in writing, the second reached and awaiting
the client, a submitted estimate to confirm, and a change the client asked for, signed off and awaiting
the client's confirmation; its weekly progress report, the first one sent; and after delivery, an
archived work order's post-project review completed and its success case, authorised by the client
and published.

Idempotent: each step is made once (the campaign when the portal client has none of that title, the
report when the campaign has none, the case when the archived work order has none)."""

import frappe
from frappe.utils import add_days, nowdate

from agency_service.delivery import confirmations, progress_reports
from agency_service.demo.base import as_user, demo_company, first_contact, portal_contact, signs
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


def make_progress_report_demo(rng):
	"""The account manager sets the campaign's weekly progress report and sends the first one now."""
	client, _contact = portal_contact()
	order = client and frappe.db.get_value("Client Work Order", {"customer": client, "title": TITLE})
	if not order or frappe.db.exists(progress_reports.REPORT, {"work_order": order}):
		return
	if not progress_reports.outgoing_email_ready() or not progress_reports.recipients_of({client}):
		return  # reports go by email: the surveys step sets up the demo's outgoing account
	team = frappe.db.get_value("Customer", client, ["account_manager", "account_executive"])
	as_user(next(u for u in team if u).split("@")[0])
	doc = frappe.get_doc("Client Work Order", order)
	doc.report_frequency, doc.next_report_on = "Weekly", add_days(nowdate(), 7)
	doc.save()
	doc.send_progress_report()
	frappe.set_user("Administrator")


def make_after_delivery_demo(rng):
	"""An archived work order: its post-project review written and completed by the account executive,
	and a success case with the client's authorisation recorded (a contract clause), published."""
	order = frappe.get_all(
		"Client Work Order",
		{"status": "Archived"},
		["name", "customer", "title"],
		order_by="creation",
		limit=1,
	)
	if not order or frappe.db.exists("Success Case", {"work_order": order[0].name}):
		return
	order = order[0]
	executive = frappe.db.get_value("Customer", order.customer, "account_executive")
	if not executive:
		return
	as_user(executive.split("@")[0])
	review = frappe.get_doc(
		"Post-Project Review",
		frappe.get_doc("Client Work Order", order.name).open_post_project_review(),
	)
	if review.status == "Open":
		review.update(
			{
				"review_date": nowdate(),
				"went_well": "<p>媒介组合精准，预算执行率 98%；客户对创意主视觉评价很高。</p>",
				"went_badly": "<p>排期确认比计划晚三天，导致首周投放压缩。</p>",
				"lessons": "<p>媒介排期提前两周锁定；客户确认节点写入项目计划。</p>",
			}
		)
		review.save()
		review.complete()
	case = frappe.get_doc(
		{
			"doctype": "Success Case",
			"title": order.title,
			"customer": order.customer,
			"work_order": order.name,
			"summary": "<p>以年度品牌计划统筹电视、户外与数字媒体，全年统一视觉与信息。</p>",
			"results": "<p>品牌认知度提升 17%，媒介成本较上年下降 8%。</p>",
		}
	).insert()
	contact = first_contact(order.customer)
	if contact:
		case.record_authorisation(
			contact, add_days(nowdate(), -3), "Contract Clause", "行业奖项参评、官网及提案中展示"
		)
		frappe.get_doc("Success Case", case.name).publish()
	frappe.set_user("Administrator")
