"""The public survey page (/client-survey?token=…): no login, the personal link token is the key.

Rendered in the invitation's language. An unknown, expired, used or withdrawn link gets a page that
says so; nothing is ever written by showing this page.
"""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from agency_service import surveys
from agency_service.api.surveys import survey_rate_limit

no_cache = 1
sitemap = 0

HTTP_STATUS = {"open": 200, "unknown": 404, "expired": 410, "used": 410, "cancelled": 410}


def get_context(context):
	invitation, state = load_invitation(frappe.form_dict.get("token"))
	if invitation and invitation.survey_language:
		frappe.local.lang = invitation.survey_language
	context.no_cache = 1
	context.state = state
	context.http_status_code = HTTP_STATUS[state]
	context.html_lang = frappe.local.lang
	context.company = frappe.defaults.get_global_default("company") or ""
	context.title = _("Client Satisfaction Survey")
	if state != "open":
		context.message = surveys.link_message(state)
		return context
	template = frappe.get_cached_doc("Survey Template", invitation.survey_template)
	context.token = frappe.form_dict.token
	context.introduction = _(template.introduction) if template.introduction else ""
	context.client_name = frappe.db.get_value("Customer", invitation.customer, "customer_name")
	context.questions = [
		{
			"number": q.idx,
			"text": _(q.question),
			"type": q.question_type,
			"required": q.is_required,
			"choices": [(choice, _(choice)) for choice in surveys.choice_list(q.choices)],
		}
		for q in template.questions
	]
	context.types = {"rating": surveys.RATING, "nps": surveys.NPS, "choice": surveys.SINGLE_CHOICE}
	return context


@rate_limit(limit=survey_rate_limit, seconds=60)
def load_invitation(token):
	return surveys.find_invitation(token)
