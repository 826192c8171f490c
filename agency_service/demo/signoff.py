"""Demo data for sign-offs: admissions and work orders at every stage, signed by the demo staff."""

import frappe
from frappe.utils import add_days, nowdate

from agency_service.demo.base import as_user, demo_company, demo_customers, signs, user


def make_admissions(rng):
	if frappe.db.exists("Client Admission", {"company_name": "深圳新锐互动科技有限公司"}):
		return
	company = demo_company()

	def apply(company_name, **kw):
		as_user("zheng.yu")
		doc = frappe.get_doc(
			{
				"doctype": "Client Admission",
				"company_name": company_name,
				"company": company,
				"legal_representative": kw.pop("legal_representative", "陈立"),
				"registered_address": "深圳市南山区科技园",
				"business_scope": "互联网信息服务、软件开发",
				"ad_goals": "新品上市，提升品牌认知",
				"preferred_forms": "社交媒体、户外大屏、短视频",
				"target_audience": "18–35 岁城市白领",
				"budget": kw.pop("budget", 1_200_000),
				"campaign_start": add_days(nowdate(), 30),
				"campaign_end": add_days(nowdate(), 120),
				"account_director": user("wang.lei"),
				"account_manager": user("li.na"),
				"account_executive": user("zheng.yu"),
				**kw,
			}
		).insert()
		doc.submit_for_review()
		frappe.set_user("Administrator")
		return frappe.get_doc("Client Admission", doc.name)

	approved = apply("深圳新锐互动科技有限公司", credit_code="91440300MA5FXXXX1A")
	signs(approved, "xu.fang")
	signs(approved, "song.jie", values={"credit_rating": "A", "proposed_credit_limit": 500_000})
	signs(approved, "tang.lan", "liu.yang")

	waiting = apply("杭州青禾茶饮连锁有限公司", budget=300_000)
	signs(waiting, "xu.fang")  # now with the credit reviewer

	rejected = apply("广州速达小额贷款有限公司", budget=800_000, legal_representative="李强")
	signs(rejected, "luo.hui")
	signs(rejected, "song.jie", values={"credit_rating": "D", "proposed_credit_limit": 0})
	signs(rejected, "tang.lan", decision="Rejected", comment="金融类广告需持牌经营，资质材料不全")


# title → (work order type, the status the demo takes it to)
WORK_ORDERS = {
	"年度品牌广告计划": ("Annual Ad Plan", "Draft"),
	"春节整合营销方案": ("Campaign Plan", "Awaiting Dispatch Sign-off"),
	"新品主视觉创意": ("Creative Direction", "In Progress"),
	"消费者洞察调研": ("Market Research", "Proposed to Client"),
	"第四季度媒介投放计划": ("Media Plan", "Archived"),
}


def make_work_orders(rng):
	if frappe.db.exists("Client Work Order", {"title": ("like", "%年度品牌广告计划")}):
		return
	clients = demo_customers(("Strategic Client", "Key Client"))[:5]
	for client, (title, (kind, target)) in zip(clients, WORK_ORDERS.items(), strict=False):
		director = frappe.db.get_value("Customer", client.name, "account_director").split("@")[0]
		executive = frappe.db.get_value("Customer", client.name, "account_executive").split("@")[0]
		as_user(executive)
		departments = (
			[{"department": "Creative"}] if kind == "Creative Direction" else [{"department": "Media"}]
		)
		wo = frappe.get_doc(
			{
				"doctype": "Client Work Order",
				"customer": client.name,
				"work_order_type": kind,
				"title": f"{client.customer_name[:6]} {title}",
				"deadline": add_days(nowdate(), rng.randint(20, 90)),
				"company": demo_company(),
				"budget": rng.choice((150_000, 280_000, 600_000)),
				"brief": f"<p>{title}：明确目标受众、核心信息与投放节奏。</p>",
				"objectives": "品牌认知度提升 15%",
				"deliverables": "方案文档、排期表、创意稿",
				"ad_copy": f"{client.customer_name[:6]}，陪你走过每一个季节。\n新品上市，限时体验。",
				"target_departments": departments,
			}
		).insert()
		frappe.set_user("Administrator")
		if target == "Draft":
			continue
		as_user(executive)
		wo.submit_for_dispatch()
		cosigners = [director, "chen.jing"] + (["xu.fang"] if kind == "Creative Direction" else [])
		if target == "Awaiting Dispatch Sign-off":
			signs(wo, "chen.jing")
			continue
		signs(wo, *cosigners)
		if target == "In Progress":
			continue
		wo = frappe.get_doc("Client Work Order", wo.name)
		as_user(executive)
		review = frappe.get_doc("Ad Content Review", wo.request_content_review())
		signs(review, "tang.lan", comment="未发现违禁用语，同意投放")
		as_user(executive)
		wo.mark_delivered()
		wo.request_acceptance()
		signs(wo, *cosigners)
		wo = frappe.get_doc("Client Work Order", wo.name)
		as_user(executive)
		wo.propose_to_client()
		if target == "Archived":
			wo.record_client_decision("Approved", "方案通过")
			wo.archive("<p>按期交付，客户对媒介组合满意；下次提前两周确认预算。</p>")
		frappe.set_user("Administrator")


def make_delegation(rng):
	if frappe.db.exists("Sign-off Delegation", {"delegator": user("zhao.min")}):
		return
	as_user("zhao.min")
	frappe.get_doc(
		{
			"doctype": "Sign-off Delegation",
			"delegator": user("zhao.min"),
			"delegate": user("sun.hao"),
			"from_date": nowdate(),
			"to_date": add_days(nowdate(), 14),
			"reason": "出差期间由孙浩代签",
		}
	).insert()
	frappe.set_user("Administrator")
