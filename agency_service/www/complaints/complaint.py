"""/complaints/<name>: one complaint of the client's company — deadlines, solution, messages, answers."""

from frappe import _

from agency_service.api import complaints as api
from agency_service.api import portal

no_cache = 1


def get_context(context):
	return portal.record_page(
		context,
		"complaints",
		_("Complaints"),
		api.portal_user_only,
		lambda name: {"complaint": api.get_complaint(name)},
		title=lambda page: page.complaint["subject"],
	)
