"""/work/<name>: one work order — milestones, what awaits the client's written confirmation, the
confirmations given, and a request for a change."""

from frappe import _

from agency_service.api import briefs, portal
from agency_service.api import work as api

no_cache = 1


def get_context(context):
	return portal.record_page(
		context,
		"work",
		_("Our Work"),
		api.portal_user_only,
		lambda name: {"doc": api.get_work_order(name), "brief": briefs.get_brief(name)},
		title=lambda page: page.doc["title"],
	)
