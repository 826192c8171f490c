# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document


class SurveyResponseAnswer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		answer: DF.SmallText | None
		dimension: DF.Literal[
			"",
			"Service Quality",
			"Service Attitude",
			"Service Efficiency",
			"Service Effect",
			"Overall Satisfaction",
		]
		is_required: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		question: DF.Data
		question_type: DF.Literal["Rating (1–5)", "NPS (0–10)", "Single Choice", "Free Text"]
		score: DF.Int
	# end: auto-generated types

	pass
