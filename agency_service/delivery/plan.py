"""The delivery plan of a dispatched work order: an ERPNext Project with the tasks of the Project Template
its type names (a template Task marked as milestone stays a milestone, which the client confirms)."""

import frappe
from frappe.utils import add_days, getdate, nowdate

MILESTONE_FIELDS = ("name", "subject", "description", "exp_end_date", "status")
# a work order between dispatch and the client's approval: the work is being delivered
IN_DELIVERY_STATUSES = (
	"In Progress",
	"Delivered",
	"Awaiting Acceptance Sign-off",
	"Accepted",
	"Proposed to Client",
	"Revision Requested",
)


def template_for(work_order_type: str) -> str | None:
	"""The Project Template of a work-order type: the one named like the type, if any."""
	return work_order_type if frappe.db.exists("Project Template", work_order_type) else None


def create_project(work_order) -> str:
	"""The work order's Project with its template's tasks, all dated from today; the tasks are created
	for the dispatch (whoever signed it last), not as that person's own work."""
	project = frappe.get_doc(
		{
			"doctype": "Project",
			"project_name": f"{work_order.title} ({work_order.name})",
			"customer": work_order.customer,
			"company": work_order.company,
			"expected_start_date": nowdate(),
			"expected_end_date": work_order.deadline,
			"estimated_costing": work_order.budget,
			"notes": work_order.brief,
		}
	).insert(ignore_permissions=True)
	template = template_for(work_order.work_order_type)
	if template:
		for row in frappe.get_doc("Project Template", template).tasks:
			task = frappe.get_cached_doc("Task", row.task)
			start = add_days(nowdate(), task.start or 0)
			end = add_days(start, task.duration or 0)
			if work_order.deadline and getdate(end) > getdate(work_order.deadline):
				end = work_order.deadline
			frappe.get_doc(
				{
					"doctype": "Task",
					"subject": task.subject,
					"project": project.name,
					"description": task.description,
					"exp_start_date": min(getdate(start), getdate(end)),
					"exp_end_date": end,
					"is_milestone": task.is_milestone,
					"template_task": task.name,
				}
			).insert(ignore_permissions=True)
	return project.name


def milestones(project: str | None) -> list[dict]:
	if not project:
		return []
	return frappe.get_all(
		"Task",
		filters={"project": project, "is_milestone": 1},
		fields=list(MILESTONE_FIELDS),
		order_by="exp_end_date, creation",
		ignore_permissions=True,
	)


def progress(projects: list[str]) -> dict[str, float]:
	"""How far each project is, in percent: ERPNext keeps it on the Project as its tasks are completed."""
	return {
		row.name: round(row.percent_complete or 0)
		for row in frappe.get_all(
			"Project",
			filters={"name": ("in", projects or [""])},
			fields=["name", "percent_complete"],
			ignore_permissions=True,
		)
	}
