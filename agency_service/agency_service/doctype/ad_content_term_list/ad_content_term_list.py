# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document

from agency_service.compliance.review import validate_term_list


class AdContentTermList(Document):
	"""A list of expressions of the advertising law that Legal maintains; every enabled list is checked.
	Saving it changes its version (``modified``), so the next check builds its automaton anew."""

	def validate(self):
		validate_term_list(self)
		self.term_count = len(self.terms)
