# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document

from agency_service.care import rules


class CareOccasion(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from agency_service.agency_service.doctype.care_occasion_date.care_occasion_date import (
			CareOccasionDate,
		)

		dates: DF.Table[CareOccasionDate]
		enabled: DF.Check
		fixed_day: DF.Int
		fixed_month: DF.Int
		greeting_template: DF.Link | None
		occasion_name: DF.Data
	# end: auto-generated types

	def validate(self):
		rules.validate_care_occasion(self)
