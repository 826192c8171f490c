"""/complaints/<name>: one complaint of the client's company — deadlines, solution, messages, answers."""

import frappe
from frappe import _

from agency_service.api import complaints as api
from agency_service.api import portal

no_cache = 1


def get_context(context):
	name = frappe.form_dict.get("name")
	portal.page(
		context,
		f"/complaints/{name or ''}",
		api.portal_user_only,
		lambda: {"complaint": api.get_complaint(name)},
	)
	context.title = context.complaint["subject"]
	context.parents = [{"route": "complaints", "title": _("Complaints")}]
	return context
