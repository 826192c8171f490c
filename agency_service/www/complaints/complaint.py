"""/complaints/<name>: one complaint of the client's company — deadlines, solution, messages, answers."""

import frappe
from frappe import _

from agency_service.api import complaints as api

no_cache = 1


def get_context(context):
	name = frappe.form_dict.get("name")
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to=/complaints/{name or ''}"
		raise frappe.Redirect
	api.portal_user_only()
	context.complaint = api.get_complaint(name)
	context.title = context.complaint["subject"]
	context.show_sidebar = True
	context.parents = [{"route": "complaints", "title": _("Complaints")}]
	return context
