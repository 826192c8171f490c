"""Demo data for compliance: work orders whose copy Legal reviewed — one rejected for absolute terms and
corrected (its new review waiting for Legal), one approved and delivered — and a client's contract, signed
after its legal review, with an overdue obligation and a second version waiting for its sign-off."""

import frappe
from frappe.utils import add_days, add_months, get_first_day, get_last_day, getdate, nowdate

from agency_service.compliance.contracts import new_version
from agency_service.compliance.credit import schedule_credit_reviews
from agency_service.demo.base import EMAIL_DOMAIN, demo_company, demo_customers
from agency_service.signoff.engine import sign
from agency_service.signoff.host import start

REJECTED_COPY = "全国销量第一的國家級好茶，最佳口感，喝出健康，根治失眠！\n限时特惠，假一赔十。"
CORRECTED_COPY = "高山茶园直供，一杯好茶，慢慢品味生活。\n限时特惠，详见门店公告。"
APPROVED_COPY = "城市夜跑季：穿上轻盈跑鞋，和朋友一起跑过这座城市的每一个街角。"
DISPATCH_SIGNERS = ("chen.jing",)


def as_staff(user_id: str):
	frappe.set_user(f"{user_id}@{EMAIL_DOMAIN}")


def decide(doctype: str, name: str, user_id: str, decision: str = "Approved", comment: str | None = None):
	as_staff(user_id)
	sign(doctype, name, decision, comment=comment)
	frappe.set_user("Administrator")


def work_order_in_progress(client, title: str, copy: str):
	executive = frappe.db.get_value("Customer", client.name, "account_executive")
	director = frappe.db.get_value("Customer", client.name, "account_director")
	frappe.set_user(executive)
	wo = frappe.get_doc(
		{
			"doctype": "Client Work Order",
			"customer": client.name,
			"work_order_type": "Production",
			"title": title,
			"deadline": add_days(nowdate(), 21),
			"company": demo_company(),
			"budget": 180_000,
			"brief": "<p>短视频与海报文案，春季上新。</p>",
			"deliverables": "15 秒短视频脚本、海报文案",
			"ad_copy": copy,
			"target_departments": [{"department": "Production"}],
		}
	).insert()
	wo.submit_for_dispatch()
	for signer in (director, *(f"{u}@{EMAIL_DOMAIN}" for u in DISPATCH_SIGNERS)):
		frappe.set_user(signer)
		sign(wo.doctype, wo.name, "Approved")
	frappe.set_user(executive)
	return frappe.get_doc("Client Work Order", wo.name), executive


def make_compliance_demo(rng):
	if frappe.db.exists("Client Work Order", {"title": ("like", "%春茶上新短视频")}):
		return
	first, second = demo_customers(("Potential Client", "Regular Client"))[:2]

	wo, executive = work_order_in_progress(first, f"{first.customer_name[:6]} 春茶上新短视频", REJECTED_COPY)
	review = wo.request_content_review()
	decide(
		"Ad Content Review",
		review,
		"tang.lan",
		"Rejected",
		"“第一”“國家級”“最佳”属绝对化用语；“根治失眠”为医疗功效宣称；“假一赔十”需有兑现依据。请删改后重新提交。",
	)
	frappe.set_user(executive)
	wo = frappe.get_doc("Client Work Order", wo.name)
	wo.ad_copy = CORRECTED_COPY
	wo.save()
	wo.request_content_review()  # waiting for Legal

	wo, executive = work_order_in_progress(
		second, f"{second.customer_name[:6]} 城市夜跑季海报", APPROVED_COPY
	)
	review = wo.request_content_review()
	decide("Ad Content Review", review, "tang.lan", comment="未发现违禁用语，同意投放")
	frappe.set_user(executive)
	frappe.get_doc("Client Work Order", wo.name).mark_delivered()
	frappe.set_user("Administrator")


CONTRACT_TERMS = (
	"<p>第一条 乙方为甲方提供年度媒介策划与代理投放服务。</p>"
	"<p>第二条 服务费按季度结算，甲方于每季度首月十日前支付。</p>"
	"<p>第三条 乙方须对广告内容进行合规审核，确保符合《中华人民共和国广告法》。</p>"
)


def make_contract_demo(rng):
	"""A signed annual contract with one obligation overdue, and its second version waiting for sign-off."""
	if frappe.db.exists("Contract", {"contract_terms": ("like", "%年度媒介策划与代理投放%")}):
		return
	client = demo_customers(("Key Client",))[0]
	manager = frappe.db.get_value("Customer", client.name, "account_manager")
	frappe.set_user(manager)
	contract = frappe.get_doc(
		{
			"doctype": "Contract",
			"party_type": "Customer",
			"party_name": client.name,
			"start_date": add_days(nowdate(), -120),
			"end_date": add_days(nowdate(), 245),
			"contract_terms": CONTRACT_TERMS,
			"requires_fulfilment": 1,
			"fulfilment_terms": [
				{"requirement": "提交第三季度媒介投放报告", "due_date": add_days(nowdate(), -5)},
				{"requirement": "完成春节档期资源预订", "due_date": add_days(nowdate(), 40)},
			],
		}
	).insert()
	start_signoff(contract.name)
	decide("Contract", contract.name, "tang.lan", comment="条款合规，同意签署")
	as_staff("tang.lan")
	contract = frappe.get_doc("Contract", contract.name)
	contract.update({"is_signed": 1, "signee": "客户法定代表人", "signed_on": frappe.utils.now_datetime()})
	contract.submit()

	frappe.set_user(manager)
	version = frappe.get_doc("Contract", new_version(contract.name))
	version.contract_terms = (
		CONTRACT_TERMS.replace("按季度结算", "按月结算") + "<p>第四条 新增短视频代运营服务。</p>"
	)
	version.save()
	start_signoff(version.name)  # waiting for Legal, then the account director
	frappe.set_user("Administrator")


def start_signoff(contract: str):
	start("Contract", contract)


def make_self_inspection_demo(rng):
	"""Last quarter's self-inspection, completed by Legal with one finding."""
	if frappe.db.exists("Compliance Self-Inspection", {"conclusion": ("like", "%季度广告合规自查%")}):
		return
	as_staff("tang.lan")
	today = getdate(nowdate())
	start = add_months(get_first_day(today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)), -3)
	inspection = frappe.get_doc(
		{
			"doctype": "Compliance Self-Inspection",
			"period_start": start,
			"period_end": get_last_day(add_months(start, 2)),
			"inspector": f"tang.lan@{EMAIL_DOMAIN}",
			"conclusion": "<p>上季度广告合规自查：交付作品均经审核；培训待补。</p>",
		}
	).insert()
	for row in inspection.items:
		row.result = "Pass"
	inspection.items[-1].result = "Fail"
	inspection.items[-1].notes = "本季度未组织广告法专题培训，下月由法务部补训。"
	if inspection.delivered_without_review:
		inspection.items[0].result = "Fail"
		inspection.items[0].notes = "追查未经审核即交付的工作单，补做审核。"
	inspection.save()
	frappe.get_doc(inspection.doctype, inspection.name).complete()
	frappe.set_user("Administrator")


def make_credit_review_demo(rng):
	"""The credit reviews due for every client, two of them decided: a limit lowered, a client suspended."""
	if frappe.db.exists("Credit Review", {"status": "Completed"}):
		return
	schedule_credit_reviews()
	open_reviews = frappe.get_all(
		"Credit Review",
		{"status": "Open"},
		["name", "customer", "current_limit", "client_tier"],
		order_by="name",
	)
	limited = next((r for r in open_reviews if r.current_limit > 0), None)
	as_staff("song.jie")
	if limited:
		frappe.get_doc("Credit Review", limited.name).complete(
			"Lower Limit",
			"近两个季度回款平均逾期 45 天，下调额度",
			new_limit=limited.current_limit * 0.6,
			new_rating="C",
		)
	regular = next((r for r in open_reviews if r.client_tier == "Regular Client" and r is not limited), None)
	if regular:
		frappe.get_doc("Credit Review", regular.name).complete(
			"Suspend", "欠款超过 180 天且多次催收无果，暂停合作，待结清后复评"
		)
	frappe.set_user("Administrator")
