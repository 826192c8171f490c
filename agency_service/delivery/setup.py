"""Defaults the delivery area ships: a Project Template per work-order type (created when missing, so an
agency's own edits survive), its tasks as ERPNext template tasks; milestones are what the client
confirms on the portal."""

import frappe

# work-order type: (task, start day, duration in days, milestone?)
DELIVERY_PLANS = {
	"Annual Ad Plan": (
		("年度传播目标与预算确认", 0, 5, 1),
		("市场、竞品与消费者分析", 5, 10, 0),
		("年度传播策略与媒介组合", 15, 10, 0),
		("年度计划提案", 25, 2, 1),
	),
	"Campaign Plan": (
		("需求确认与简报", 0, 3, 1),
		("策略与创意概念", 3, 10, 0),
		("内部提案预演", 13, 2, 0),
		("客户提案", 15, 1, 1),
		("执行排期与物料清单", 16, 5, 1),
	),
	"Creative Direction": (
		("创意简报确认", 0, 2, 1),
		("创意概念发想", 2, 7, 0),
		("创意方向提案", 9, 1, 1),
		("定稿", 10, 4, 1),
	),
	"Market Research": (
		("研究目的与方法确认", 0, 3, 1),
		("问卷与访谈提纲", 3, 4, 0),
		("执行与数据收集", 7, 10, 0),
		("研究报告交付", 17, 4, 1),
	),
	"Media Plan": (
		("媒介简报确认", 0, 2, 1),
		("媒介比价与询价", 2, 5, 0),
		("媒介排期提案", 7, 2, 1),
		("媒介购买与上刊确认", 9, 5, 1),
	),
	"Production": (
		("制作脚本确认", 0, 3, 1),
		("拍摄 / 制作", 3, 10, 0),
		("粗剪审看", 13, 2, 1),
		("成片交付", 15, 3, 1),
	),
}


def sync_delivery_setup():
	sync_project_templates()
	allow_in_global_search()


def allow_in_global_search():
	"""The app's ``global_search_doctypes`` in Global Search Settings (Frappe reads the hook only when its
	defaults are reset), so the success cases are found from the awesome bar."""
	settings = frappe.get_single("Global Search Settings")
	listed = {row.document_type for row in settings.allowed_in_global_search}
	wanted = [
		entry["doctype"]
		for entry in frappe.get_hooks("global_search_doctypes", app_name="agency_service").get("Default", [])
	]
	missing = [
		doctype for doctype in wanted if doctype not in listed and frappe.db.exists("DocType", doctype)
	]
	if missing:
		for doctype in missing:
			settings.append("allowed_in_global_search", {"document_type": doctype})
		settings.save(ignore_permissions=True)


def sync_project_templates():
	for work_order_type, tasks in DELIVERY_PLANS.items():
		if frappe.db.exists("Project Template", work_order_type):
			continue
		rows = []
		for subject, start, duration, milestone in tasks:
			task = frappe.get_doc(
				{
					"doctype": "Task",
					"subject": subject,
					"is_template": 1,
					"start": start,
					"duration": duration,
					"is_milestone": milestone,
				}
			).insert(ignore_permissions=True)
			rows.append({"task": task.name, "subject": subject})
		frappe.get_doc({"doctype": "Project Template", "__newname": work_order_type, "tasks": rows}).insert(
			ignore_permissions=True
		)
