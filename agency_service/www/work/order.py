"""/work/<name>: one work order — milestones, what awaits the client's written confirmation, the
confirmations given, and a request for a change."""

import frappe
from frappe import _

from agency_service.api import briefs, portal
from agency_service.api import work as api

no_cache = 1


def get_context(context):
	name = frappe.form_dict.get("name")
	portal.page(
		context,
		f"/work/{name or ''}",
		api.portal_user_only,
		lambda: {"doc": api.get_work_order(name), "brief": briefs.get_brief(name)},
	)
	context.title = context.doc["title"]
	context.parents = [{"route": "/work", "title": _("Our Work")}]
	return context
