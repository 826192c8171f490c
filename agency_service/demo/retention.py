"""Demo data for team reporting and retention: one step appended to ``demo.DEMO_STEPS``.

Today's client health of every client (as the daily job computes it); three lost clients with their
reasons and win-back plans; two improvement actions from the complaint analysis; the account executives'
daily reports of the last working days (most submitted with a plan, some reviewed by their manager);
gifts and hospitality (one awaiting the director's sign-off), a client appreciation dinner with its
guests, and market and competitor news shared with clients.

Idempotent: each part is made only when the demo has none of it yet (the reports: per executive and day).
"""

import frappe
from frappe.utils import add_days, getdate, nowdate

from agency_service import roles
from agency_service.demo.base import demo_customers, staff_by_role
from agency_service.health.daily import compute_health
from agency_service.reporting.drafts import draft_reports

LOSSES = (
	(("Won by a Competitor", "Price Too High"), "竞争对手以低 15% 的服务费拿下年度代理", "某国际 4A 公司"),
	(("Client Budget Cut",), "客户下半年市场预算削减 40%，暂停品牌广告", ""),
	(("Service Not Responsive", "Key Contact Left"), "原市场总监离职，新负责人对服务响应不满意", ""),
)
PLANS = (
	"明天：整理客户季度投放数据，准备周四提案。",
	"下周：完成媒介排期初稿并与客户确认。",
	"跟进投诉处理结果，回访客户。",
)
NEWS = (
	("Market", "2026 年第三季度快消品广告投放趋势", "<p>短视频渠道投放同比增长 28%，户外广告回暖。</p>"),
	("Competitor", "主要竞品双十一期间的投放动向", "<p>竞品在直播电商渠道的投放预算翻倍。</p>"),
	("Media", "地铁灯箱广告位明年刊例价调整", "<p>一线城市核心线路刊例价上调约 8%。</p>"),
)


def make_retention_demo(rng):
	compute_health()
	customers = demo_customers()
	if not customers:
		return
	people = staff_by_role()
	make_lost_clients(customers)
	make_improvement_actions(people)
	make_ae_reports(people)
	make_relationship_register(rng, customers, people)


def make_lost_clients(customers):
	if frappe.db.count("Lost Client"):
		return
	regular = [c for c in customers if c.client_tier in ("Regular Client", "Potential Client")][: len(LOSSES)]
	for n, (client, (reasons, details, competitor)) in enumerate(zip(regular, LOSSES, strict=False)):
		frappe.get_doc(
			{
				"doctype": "Lost Client",
				"customer": client.name,
				"lost_on": add_days(nowdate(), -45 * (n + 1)),
				"reasons": [{"loss_reason": r, "detail": details} for r in reasons],
				"details": details,
				"competitor": competitor,
				"win_back_plan": "由客户总监拜访客户高层，提供一次免费的品牌健康度调研。",
				"win_back_due": add_days(nowdate(), 60),
				"win_back_status": "In Progress",
			}
		).insert(ignore_permissions=True)


def make_improvement_actions(people):
	if frappe.db.count("Improvement Action"):
		return
	complaints = frappe.get_all(
		"Client Complaint", fields=["name", "category"], limit=6, order_by="received_at"
	)
	if not complaints:
		return
	owners = people.get(roles.ACCOUNT_MANAGER) or ["Administrator"]
	for n, (title, plan) in enumerate(
		(
			("排期表每日同步给媒介部", "<p>建立共享排期表，每日 10 点前同步，客户经理抽查。</p>"),
			("印刷品交付前增加色彩校样确认", "<p>所有印刷品交付前由客户书面确认色彩校样。</p>"),
		)
	):
		batch = complaints[n * 3 : n * 3 + 3]
		frappe.get_doc(
			{
				"doctype": "Improvement Action",
				"title": title,
				"responsible": owners[n % len(owners)],
				"due_date": add_days(nowdate(), 30),
				"analysis_period": f"{getdate(nowdate()).year} Q{(getdate(nowdate()).month - 1) // 3 + 1}",
				"complaint_category": batch[0].category if batch else None,
				"action_plan": plan,
				"complaints": [{"complaint": c.name} for c in batch],
			}
		).insert(ignore_permissions=True)


def make_ae_reports(people):
	executives = people.get(roles.ACCOUNT_EXECUTIVE) or []
	day = getdate(nowdate())
	for back in range(1, 8):
		date = add_days(day, -back)
		if date.weekday() >= 5:
			continue
		for name in draft_reports(executives, "Daily", date):
			complete_report(name, back)


def complete_report(name: str, back: int):
	report = frappe.get_doc("Account Executive Report", name)
	if back == 1 and report.executive.startswith(("lin.", "guo.")):
		return  # yesterday's report still missing: the reminder and the team view show it
	frappe.set_user(report.executive)
	try:
		report.summary = "拜访客户、跟进排期与投诉处理。"
		report.next_period_plan = PLANS[back % len(PLANS)]
		report.save()
		report.submit_report()
		if back > 2 and report.manager:
			frappe.set_user(report.manager)
			frappe.get_doc("Account Executive Report", name).review("工作扎实，注意提前准备提案材料。")
	finally:
		frappe.set_user("Administrator")


def make_relationship_register(rng, customers, people):
	if frappe.db.count("Client Gift"):
		return
	for n, client in enumerate(customers[:6]):
		gift = frappe.get_doc(
			{
				"doctype": "Client Gift",
				"customer": client.name,
				"kind": rng.choice(("Gift", "Hospitality")),
				"given_on": add_days(nowdate(), -rng.randint(1, 60)),
				"amount": 2600
				if n == 0
				else rng.choice((200, 280, 300, 800)),  # the first needs the sign-off
				"description": "中秋节礼盒" if rng.random() < 0.5 else "项目庆功晚宴",
			}
		).insert(ignore_permissions=True)
		if frappe.db.get_value("Customer", client.name, "account_director"):
			gift.record_gift()
	guests = []
	for client in customers[:8]:
		contact = frappe.db.get_value(
			"Dynamic Link",
			{"parenttype": "Contact", "link_doctype": "Customer", "link_name": client.name},
			"parent",
		)
		guests.append({"customer": client.name, "contact": contact, "invited_on": add_days(nowdate(), -20)})
	for n, guest in enumerate(guests):
		guest.update(response="Declined" if n % 4 == 3 else "Accepted", attended=int(n % 4 not in (2, 3)))
	frappe.get_doc(
		{
			"doctype": "Client Event",
			"event_title": "年度客户答谢晚宴",
			"event_type": "Appreciation Dinner",
			"status": "Held",
			"starts_on": f"{add_days(nowdate(), -7)} 18:30:00",
			"venue": "上海外滩某酒店宴会厅",
			"organiser": (people.get(roles.CLIENT_SERVICE_HEAD) or [None])[0],
			"budget": 80000,
			"invitations": guests,
		}
	).insert(ignore_permissions=True)
	for client, (category, subject, content) in zip(customers[:3], NEWS, strict=False):
		frappe.get_doc(
			{
				"doctype": "Client Information Shared",
				"customer": client.name,
				"information_category": category,
				"subject": subject,
				"content": content,
				"sharing_channel": "Email",
			}
		).insert(ignore_permissions=True)
