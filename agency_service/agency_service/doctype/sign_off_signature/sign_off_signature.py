# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document

from agency_service.signoff.events import refuse_outside_engine


class SignoffSignature(Document):
	"""Written by the sign-off engine only (see agency_service.signoff)."""

	def validate(self):
		refuse_outside_engine(self, "changed")

	def on_trash(self):
		refuse_outside_engine(self, "deleted")
