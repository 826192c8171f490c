"""Demo data for delivery on the portal (/work): the portal client's campaign, dispatched through its
sign-off, with the first milestone confirmed by the client in writing, the second reached and awaiting
the client, a submitted estimate to confirm, a change the client asked for, signed off and awaiting
the client's confirmation, and the campaign's brief — the client's requirement list with priorities and
the agency's notes — with its proposal, rehearsed inside the agency and ready for the pitch; its weekly
progress report, the first one sent; and after delivery, an archived work order's post-project review
completed and its success case, authorised by the client and published.

Idempotent: each step is made once (the campaign when the portal client has none of that title, the
report when the campaign has none, the case when the archived work order has none)."""

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, nowdate

from agency_service.delivery import briefs, confirmations, progress_reports
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
	make_brief_and_proposal(order.name, executive, portal_user)


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


def make_brief_and_proposal(order: str, executive: str, portal_user: str):
	"""The campaign's creative brief written by the account executive, the client's own requirements
	added on the portal, and the proposal rehearsed (提案预演) with the team's feedback."""
	as_user(executive)
	brief = frappe.get_doc(
		{
			"doctype": "Client Brief",
			"work_order": order,
			"brief_type": briefs.CREATIVE_BRIEF,
			"briefed_on": nowdate(),
			"needed_by": add_days(nowdate(), 20),
			"objective": "双十一期间旗舰店访客提升 40%，新客占比达到 30%",
			"audience": "一二线城市 22–35 岁、注重品质的线上购物人群",
			"proposition": "好物不等双十一，品质每天都在",
			"mandatories": "品牌标识、天猫旗舰店入口、“限时”字样须经法务审核",
			"budget": 480_000,
			"timing": "10 月 20 日预热，11 月 1–11 日集中投放",
			"approvals_needed": "客户市场总监确认创意与排期；预算变更由客户财务确认",
			"requirements": [
				{
					"requirement": "天猫旗舰店首页与站内资源位引流",
					"priority": "Must",
					"feasibility": "可行：与店铺运营共用排期",
					"cost_notes": "站内资源位约 18 万",
					"effect_notes": "访客 +25%",
				},
				{
					"requirement": "抖音达人种草（腰部达人 20 位）",
					"priority": "Should",
					"feasibility": "可行：需提前 3 周锁定达人",
					"cost_notes": "约 12 万",
					"effect_notes": "新客占比 +8%",
				},
				{
					"requirement": "地铁灯箱覆盖核心商圈",
					"priority": "Could",
					"feasibility": "档期紧张，需确认余量",
					"cost_notes": "约 9 万",
					"effect_notes": "品牌曝光",
				},
			],
		}
	).insert()
	frappe.set_user(portal_user)  # the client adds its own requirements on the portal
	briefs.add_client_requirements(
		brief.name,
		[
			{"requirement": "直播间需有品牌代言人口播", "priority": "Must"},
			{"requirement": "活动页面适配小程序", "priority": "Should"},
		],
	)
	as_user(executive)
	proposal = frappe.get_doc(
		{
			"doctype": "Client Proposal",
			"work_order": order,
			"brief": brief.name,
			"title": "双十一整合传播方案提案",
			"summary": "三阶段节奏：预热种草 → 爆发引流 → 返场复购；主视觉两套方向供客户选择。",
		}
	).insert()
	document = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "双十一整合传播方案-提案大纲.txt",
			"attached_to_doctype": "Client Proposal",
			"attached_to_name": proposal.name,
			"is_private": 1,
			"content": "一、背景与目标\n二、传播策略\n三、创意方向\n四、媒介排期\n五、预算\n".encode(),
		}
	).insert()
	proposal.proposal_document = document.file_url
	proposal.save()
	proposal.record_rehearsal(
		str(add_to_date(now_datetime(), hours=-3)),
		"王磊（客户总监）、徐芳（创作部）、高军（媒介部）",
		"开场背景压缩到 3 页；预算页补充分阶段投入；创意 B 方向需准备备选文案。",
	)
	frappe.set_user("Administrator")
