# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document


class CareReminder(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		allocated_to: DF.Link | None
		care_occasion: DF.Link | None
		contact: DF.Link | None
		customer: DF.Link | None
		occasion_date: DF.Date | None
		occasion_type: DF.Literal[
			"Contact Birthday", "Founding Anniversary", "Cooperation Anniversary", "Holiday Greeting"
		]
		reminder_key: DF.Data | None
		todo: DF.Link | None
	# end: auto-generated types

	pass
