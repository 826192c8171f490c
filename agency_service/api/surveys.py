"""REST endpoints of satisfaction surveys.

``submit_survey`` is the one guest endpoint: the personal link token is the client's permission, and
the calls are rate-limited per IP address. Staff endpoints check document permissions explicitly.
"""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint

from agency_service.api.guard import dict_argument
from agency_service.surveys import links, responses, scores


def survey_rate_limit() -> int:
	"""Survey page and submission requests allowed per IP address per minute (site config)."""
	return cint(frappe.conf.get("agency_survey_rate_limit")) or 60


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=survey_rate_limit, seconds=60)
def submit_survey(token: str, answers: str | dict):
	"""Answers of the public survey page: ``answers`` maps question numbers (1, 2, …) to answers."""
	answers = dict_argument(answers)
	if answers is None:
		responses.throw_answer_error(_("The survey answers could not be read. Please try again."))
	invitation, _state = links.find_invitation(token)
	if invitation:
		frappe.local.lang = invitation.survey_language or frappe.local.lang
	responses.submit_online_response(token, answers)
	return {"message": _("Thank you! Your answers help us serve you better.")}


@frappe.whitelist(methods=["POST"])
def invite_contact(
	customer: str, contact: str, survey_template: str | None = None, language: str | None = None
):
	"""Send one client contact a survey by hand (the desk's "Send Satisfaction Survey")."""
	frappe.has_permission("Customer", "read", customer, throw=True)
	invitation = frappe.get_doc(
		{
			"doctype": "Survey Invitation",
			"customer": customer,
			"contact": contact,
			"survey_template": survey_template,
			"survey_language": language,
			"trigger": scores.INVITED_BY_HAND,
		}
	).insert()
	return invitation.name


@frappe.whitelist()
def template_questions(survey_template: str) -> list[dict]:
	"""Questions of a template, for the desk form where staff enter a phone or face-to-face answer."""
	frappe.has_permission("Survey Template", "read", survey_template, throw=True)
	template = frappe.get_doc("Survey Template", survey_template)
	return [
		{
			"question": q.question,
			"question_type": q.question_type,
			"dimension": q.dimension,
			"is_required": q.is_required,
		}
		for q in template.questions
	]


@frappe.whitelist()
@frappe.read_only()
def csat_card(filters: str | dict | None = None) -> dict:
	"""Number card: CSAT over all responses of the last twelve months (for who may read responses)."""
	frappe.has_permission("Survey Response", "read", throw=True)
	figures = responses.overall_figures()
	return {"value": figures["csat"] or 0, "fieldtype": "Percent"}


@frappe.whitelist()
@frappe.read_only()
def nps_card(filters: str | dict | None = None) -> dict:
	"""Number card: NPS over all responses of the last twelve months (for who may read responses)."""
	frappe.has_permission("Survey Response", "read", throw=True)
	figures = responses.overall_figures()
	return {"value": figures["nps"] or 0, "fieldtype": "Float", "precision": 1}
