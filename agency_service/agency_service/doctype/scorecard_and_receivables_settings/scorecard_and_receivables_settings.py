# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document

from agency_service import receivables, scorecard


class ScorecardandReceivablesSettings(Document):
	def validate(self):
		scorecard.validate_settings(self)
		receivables.validate_settings(self)
