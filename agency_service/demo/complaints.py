"""Demo data for complaints: one step appended to ``demo.DEMO_STEPS``.

About thirty complaints of the demo clients over the last two months, each driven through the real
lifecycle actions as far as its story goes — registered, acknowledged, investigating (one waiting on the
client), solution proposed, agreed and executing, resolved, closed with the client's rating (some written
up as knowledge cases), one reopened — with first responses on time and late, so the SLA reports, the
cards and the escalation job have something to show. Also a portal login for one client contact.

Idempotent: the portal login is made once, the complaints only when the demo clients have none.
"""

import frappe
from frappe.utils import add_to_date, now_datetime

from agency_service.complaints.escalation import escalate_due_complaints
from agency_service.demo.base import DEMO_PASSWORD, demo_customers, first_contact, portal_contact

PORTAL_ROLE = "Customer"
# story: how far the complaint got
STORIES = (
	("Registered", 3),
	("Acknowledged", 4),
	("Investigating", 4),
	("Waiting on Client", 1),
	("Solution Proposed", 3),
	("Executing", 3),
	("Resolved", 3),
	("Closed", 6),
	("Closed with Case", 3),
	("Reopened", 1),
)
SUBJECTS = (
	("Contract Performance", "投放排期比合同约定晚了一周", "按合同补足投放天数"),
	("Creative and Production Quality", "宣传片成片色调与确认样片不一致", "重新调色并免费修改一版"),
	("Service Quality", "客户经理多次未按时回复邮件", "更换对接人并说明原因"),
	("Price", "月度账单中媒介费用重复计算", "核对账单并退还多收费用"),
	("Creative and Production Quality", "户外广告画面印刷偏色", "重新印刷并补贴安装费用"),
	("Service Quality", "活动现场执行人员迟到", "书面致歉并在下次活动中增派人员"),
	("Contract Performance", "季度效果报告延迟提交", "三日内提交报告并附分渠道数据"),
	("Other", "发票寄送地址错误", "重新开具并快递发票"),
)
ROOT_CAUSES = (
	("Process Gap", "Customer Service"),
	("Production Quality", "Production"),
	("Miscommunication", "Customer Service"),
	("Media Buying", "Operations"),
	("Creative Quality", "Marketing"),
	("Supplier", "Production"),
)
SEVERITY_WEIGHTS = (("Critical", 1), ("High", 3), ("Medium", 5), ("Low", 3))


def make_complaint_demo(rng):
	make_portal_login()
	customers = demo_customers()
	if not customers or frappe.db.exists(
		"Client Complaint", {"customer": ("in", [c.name for c in customers])}
	):
		return
	portal = portal_contact()
	stories = [story for story, count in STORIES for _ in range(count)]
	severities = [severity for severity, weight in SEVERITY_WEIGHTS for _ in range(weight)]
	now = now_datetime()
	for index, story in enumerate(stories):
		customer = portal[0] if index % 6 == 0 else rng.choice(customers).name
		# open stories came in recently; half the finished ones in the last days (resolved in time), the
		# rest over the last two months (resolved today: late)
		if story in ("Registered", "Acknowledged") or index % 2:
			days_ago = rng.uniform(0.2, 2.5)
		else:
			days_ago = rng.uniform(5, 60)
		received_at = add_to_date(now, days=-days_ago)
		make_story(rng, story, customer, received_at, rng.choice(severities), index, portal)
	frappe.set_user("Administrator")
	escalate_due_complaints()


def make_story(rng, story, customer, received_at, severity, index, portal):
	category, subject, solution = SUBJECTS[index % len(SUBJECTS)]
	manager = frappe.db.get_value("Customer", customer, "account_manager") or "Administrator"
	from_portal = customer == portal[0]
	contact = portal[1] if from_portal else first_contact(customer)
	frappe.set_user(manager)
	doc = frappe.get_doc(
		{
			"doctype": "Client Complaint",
			"customer": customer,
			"contact": contact,
			"subject": subject,
			"content": f"<p>{subject}，客户要求尽快处理。</p>",
			"client_demand": solution,
			"channel": "Portal" if from_portal else rng.choice(("Phone", "Email", "WeChat")),
			"received_at": received_at,
			"priority": severity,
			"category": category,
		}
	).insert()
	if story == "Registered":
		return
	# most answered within a few hours; every fourth one only the next days (late)
	delay = rng.uniform(20, 60) if index % 4 == 0 else rng.uniform(0.2, 3)
	responded_at = min(add_to_date(received_at, hours=delay), add_to_date(now_datetime(), minutes=-1))
	doc.acknowledge(rng.choice(("Phone", "Email", "WeChat")), "已致电客户确认情况并致歉。", responded_at)
	if story == "Acknowledged":
		return
	doc.start_investigation(manager)
	if story == "Waiting on Client":
		doc.wait_on_client("等待客户提供投放截图与合同附件。")
		return
	doc.reload()
	root_cause, department = ROOT_CAUSES[index % len(ROOT_CAUSES)]
	doc.facts = f"<p>经核实：{subject}。</p>"
	doc.root_cause = root_cause
	doc.root_cause_detail = "内部交接流程未覆盖该环节。"
	doc.responsible_department = frappe.db.get_value("Department", {"department_name": department})
	doc.responsible_person = manager
	doc.save()
	if story == "Investigating":
		return
	doc.propose_solution(f"<p>{solution}。</p>", rng.choice((0, 0, 800, 2000)))
	if story == "Solution Proposed":
		return
	doc.record_client_decision("Accepted", "客户电话确认接受方案。")
	doc.start_execution()
	if story == "Executing":
		return
	doc.mark_resolved(f"{solution}，已完成。")
	if story == "Resolved":
		return
	if story == "Reopened":
		doc.record_follow_up("No", 2, "客户认为补偿不足，要求重新评估。")
		return
	doc.record_follow_up("Yes", rng.choice((4, 5, 5)), "客户对处理结果满意。")
	if story == "Closed with Case":
		doc.create_case(
			f"{subject}：已按方案处理并回访。",
			"交付前缺少与客户确认的环节。",
			"在交付清单中加入客户确认步骤，并由客户经理复核。",
		)


def make_portal_login():
	"""A website user with the Customer role, linked to the client through their Contact."""

	_client, contact = portal_contact()
	if not contact or frappe.db.get_value("Contact", contact, "user"):
		return
	email = frappe.db.get_value("Contact", contact, "email_id")
	first_name = frappe.db.get_value("Contact", contact, "first_name")
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"user_type": "Website User",
				"language": "zh",
				"send_welcome_email": 0,
				"new_password": frappe.conf.get("agency_demo_password") or DEMO_PASSWORD,
				"roles": [{"role": PORTAL_ROLE}],
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	frappe.db.set_value("Contact", contact, "user", email)


def portal_login() -> str | None:
	"""The demo portal user's login (for the README and the benchmark)."""
	_client, contact = portal_contact()
	return contact and frappe.db.get_value("Contact", contact, "user")
