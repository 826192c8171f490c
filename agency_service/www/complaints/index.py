"""/complaints: the complaints of the client's company, and the form to file one."""

import frappe
from frappe import _

from agency_service.api import complaints as api
from agency_service.api import portal

no_cache = 1


def get_context(context):
	portal.login_first("/complaints")
	api.portal_user_only()
	context.title = _("Complaints")
	context.show_sidebar = True
	context.status = frappe.form_dict.get("status") or ""
	context.complaints = api.get_complaints(status=context.status or None, page_length=200)
	context.options = api.get_options()
	context.statuses = [
		(s, _(s)) for s in frappe.get_meta("Client Complaint").get_options("status").split("\n")
	]
	return context
