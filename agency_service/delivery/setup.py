"""Defaults the delivery area ships: a Project Template per work-order type (created when missing, so an
agency's own edits survive), its tasks as ERPNext template tasks; milestones are what the client
confirms on the portal. The plans are data: ``delivery_plans.json`` (per work-order type, its tasks with
their start day, duration in days and whether the client confirms them)."""

import frappe


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
