# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document

from agency_service.surveys import responses


class SurveyResponse(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from agency_service.agency_service.doctype.survey_response_answer.survey_response_answer import (
			SurveyResponseAnswer,
		)

		account_manager: DF.Link | None
		answers: DF.Table[SurveyResponseAnswer]
		channel: DF.Literal["Online", "Phone", "Face to Face"]
		client_tier: DF.Link | None
		contact: DF.Link | None
		csat: DF.Percent
		csat_attitude: DF.Percent
		csat_effect: DF.Percent
		csat_efficiency: DF.Percent
		csat_overall: DF.Percent
		csat_quality: DF.Percent
		customer: DF.Link
		entered_offline: DF.Check
		follow_up_todo: DF.Link | None
		needs_follow_up: DF.Check
		nps_category: DF.Literal["", "Promoter", "Passive", "Detractor"]
		nps_score: DF.Int
		rated_attitude: DF.Int
		rated_effect: DF.Int
		rated_efficiency: DF.Int
		rated_overall: DF.Int
		rated_quality: DF.Int
		rated_total: DF.Int
		responded_on: DF.Datetime
		satisfied_attitude: DF.Int
		satisfied_effect: DF.Int
		satisfied_efficiency: DF.Int
		satisfied_overall: DF.Int
		satisfied_quality: DF.Int
		satisfied_total: DF.Int
		survey_invitation: DF.Link | None
		survey_template: DF.Link
	# end: auto-generated types

	def validate(self):
		responses.validate_response(self)

	def on_update(self):
		responses.after_response_saved(self)

	def after_delete(self):
		responses.after_response_deleted(self)
