# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document


class ClientBriefRequirement(Document):
	pass
