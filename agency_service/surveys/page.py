"""The public survey page (/client-survey?token=…): no login, the personal link token is the key.

Rendered in the invitation's language. An unknown, expired, used or withdrawn link gets a page that
says so (404 / 410); showing the page never writes anything. The page is served by its own page
renderer (Frappe's ``page_renderer`` hook) rather than as a ``www`` page: a standalone template needs
none of the website context (settings, navbar, sidebar) a ``www`` page builds on every request, which
keeps the page fast for clients on mobile networks.
"""

from functools import cache

import frappe
import jinja2
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.website.page_renderers.base_renderer import BaseRenderer

from agency_service.api.surveys import survey_rate_limit
from agency_service.surveys import links, responses, scores, templates

TEMPLATE = "agency_survey_page.html"
HTTP_STATUS = {"open": 200, "unknown": 404, "expired": 410, "used": 410, "cancelled": 410}


class SurveyPageRenderer(BaseRenderer):
	def can_render(self):
		return self.path == scores.SURVEY_ROUTE

	def render(self):
		context = survey_context(frappe.form_dict.get("token"))
		html = page_template().render(context)
		return self.build_response(
			html,
			http_status_code=context.http_status_code,
			headers={"Cache-Control": "no-store", "X-Robots-Tag": "noindex"},
		)


@cache
def page_template() -> jinja2.Template:
	"""The page template, compiled once per process (Frappe's own environment recompiles it per request).

	``_`` translates at render time in the request's language, so the compiled template is shared safely.
	"""
	environment = jinja2.Environment(
		loader=jinja2.FileSystemLoader(frappe.get_app_path("agency_service", "templates")),
		autoescape=True,
		auto_reload=False,
	)
	environment.globals["_"] = _
	return environment.get_template(TEMPLATE)


def survey_context(token: str | None) -> frappe._dict:
	invitation, state = load_invitation(token)
	if invitation and invitation.survey_language:
		frappe.local.lang = invitation.survey_language
	context = frappe._dict(
		state=state,
		http_status_code=HTTP_STATUS[state],
		html_lang=frappe.local.lang,
		company=frappe.defaults.get_global_default("company") or "",
		title=_("Client Satisfaction Survey"),
	)
	if state != "open":
		context.message = responses.link_message(state)
		return context
	template = frappe.get_cached_doc("Survey Template", invitation.survey_template)
	context.token = token
	context.introduction = _(template.introduction) if template.introduction else ""
	context.client_name = frappe.db.get_value("Customer", invitation.customer, "customer_name")
	context.questions = [
		{
			"number": q.idx,
			"text": _(q.question),
			"type": q.question_type,
			"required": q.is_required,
			"choices": [(choice, _(choice)) for choice in templates.choice_list(q.choices)],
		}
		for q in template.questions
	]
	context.types = {"rating": scores.RATING, "nps": scores.NPS, "choice": scores.SINGLE_CHOICE}
	return context


@rate_limit(limit=survey_rate_limit, seconds=60)
def load_invitation(token):
	return links.find_invitation(token)
