"""/work: the work orders of the client's company in progress, with what awaits the client."""

from frappe import _

from agency_service.api import portal
from agency_service.api import work as api

no_cache = 1


def get_context(context):
	return portal.page(
		context,
		"/work",
		api.portal_user_only,
		lambda: {"work_orders": api.get_work_orders()},
		title=_("Our Work"),
	)
