"""Defaults the delivery area ships: a Project Template per work-order type (created when missing, so an
agency's own edits survive), its tasks as ERPNext template tasks; milestones are what the client
confirms on the portal. The plans are data: ``delivery_plans.json`` (per work-order type, its tasks with
their start day, duration in days and whether the client confirms them)."""

import frappe


def sync_delivery_setup():
	plans = frappe.get_file_json(frappe.get_app_path("agency_service", "delivery", "delivery_plans.json"))
	for work_order_type, tasks in plans.items():
		if frappe.db.exists("Project Template", work_order_type):
			continue
		rows = []
		for task in tasks:
			template = frappe.get_doc({"doctype": "Task", "is_template": 1, **task}).insert(
				ignore_permissions=True
			)
			rows.append({"task": template.name, "subject": task["subject"]})
		frappe.get_doc({"doctype": "Project Template", "__newname": work_order_type, "tasks": rows}).insert(
			ignore_permissions=True
		)
