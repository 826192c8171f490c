# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document

from agency_service.surveys import templates


class SurveyTemplate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from agency_service.agency_service.doctype.survey_template_question.survey_template_question import (
			SurveyTemplateQuestion,
		)

		email_template: DF.Link
		enabled: DF.Check
		introduction: DF.SmallText | None
		is_default: DF.Check
		link_valid_days: DF.Int
		questions: DF.Table[SurveyTemplateQuestion]
		template_name: DF.Data
	# end: auto-generated types

	def validate(self):
		templates.validate_template(self)
