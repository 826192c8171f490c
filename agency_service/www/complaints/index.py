"""/complaints: the complaints of the client's company, and the form to file one."""

import frappe
from frappe import _

from agency_service.api import complaints as api
from agency_service.api import portal

no_cache = 1


def get_context(context):
	return portal.page(context, "/complaints", api.portal_user_only, complaints_page, title=_("Complaints"))


def complaints_page() -> dict:
	status = frappe.form_dict.get("status") or ""
	return {
		"status": status,
		"complaints": api.get_complaints(status=status or None, page_length=200),
		"options": api.get_options(),
		"statuses": [
			(s, _(s)) for s in frappe.get_meta("Client Complaint").get_options("status").split("\n")
		],
	}
