# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document


class ClientTierComplaintDeadline(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		resolution_hours: DF.Float
		response_hours: DF.Float
		severity: DF.Literal["Critical", "High", "Medium", "Low"]
	# end: auto-generated types

	pass
