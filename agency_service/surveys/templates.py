"""Survey templates: their validation and the default template."""

import frappe
from frappe import _

from agency_service.surveys.scores import NPS, RATING, SINGLE_CHOICE, InvalidSurveyTemplateError

# --- templates ---------------------------------------------------------------------------------


def validate_template(template):
	if not template.questions:
		throw_template_error(_("A survey needs at least one question."))
	seen = set()
	for row in template.questions:
		if row.question in seen:
			throw_template_error(
				_("Row {0}: the question {1} is asked twice.").format(row.idx, frappe.bold(row.question))
			)
		seen.add(row.question)
		if row.question_type == RATING and not row.dimension:
			throw_template_error(_("Row {0}: a rating question needs a service dimension.").format(row.idx))
		if row.question_type == SINGLE_CHOICE and len(choice_list(row.choices)) < 2:
			throw_template_error(
				_("Row {0}: a single-choice question needs at least two choices, one per line.").format(
					row.idx
				)
			)
	if sum(1 for row in template.questions if row.question_type == NPS) > 1:
		throw_template_error(_("A survey can ask the recommendation (NPS) question only once."))
	if (template.link_valid_days or 0) < 1:
		throw_template_error(_("A survey link must be valid for at least one day."))
	if template.is_default:
		other = frappe.db.get_value(
			"Survey Template", {"is_default": 1, "name": ("!=", template.name or "")}, "name"
		)
		if other:
			throw_template_error(
				_("{0} is already the default survey template. Untick it there first.").format(
					frappe.bold(other)
				)
			)


def throw_template_error(message: str):
	frappe.throw(message, title=_("Invalid Survey Template"), exc=InvalidSurveyTemplateError)


def choice_list(choices: str | None) -> list[str]:
	return [line.strip() for line in (choices or "").splitlines() if line.strip()]


def default_template() -> str | None:
	return frappe.db.get_value("Survey Template", {"is_default": 1, "enabled": 1}, "name")
