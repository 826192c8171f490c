"""Demo data for ad-content compliance: work orders whose copy Legal reviewed — one rejected for absolute
terms and corrected (its new review waiting for Legal), one approved and delivered."""

import frappe
from frappe.utils import add_days, nowdate

from agency_service.demo.base import EMAIL_DOMAIN, demo_company, demo_customers
from agency_service.signoff.engine import sign

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
