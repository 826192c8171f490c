"""/work: the work orders of the client's company in progress, with what awaits the client."""

from frappe import _

from agency_service.api import portal
from agency_service.api import work as api

no_cache = 1


def get_context(context):
	portal.login_first("/work")
	api.portal_user_only()
	context.title = _("Our Work")
	context.show_sidebar = True
	context.work_orders = api.get_work_orders()
	return context
