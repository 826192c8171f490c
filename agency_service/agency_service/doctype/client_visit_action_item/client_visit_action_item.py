# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document


class ClientVisitActionItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action: DF.SmallText
		assigned_to: DF.Link
		due_date: DF.Date
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		status: DF.Literal["Open", "Closed", "Cancelled"]
		todo: DF.Link | None
	# end: auto-generated types

	pass
