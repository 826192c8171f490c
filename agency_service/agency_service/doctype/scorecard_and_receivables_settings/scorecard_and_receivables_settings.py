# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document

from agency_service.receivables import setup
from agency_service.scorecard import settings


class ScorecardandReceivablesSettings(Document):
	def validate(self):
		settings.validate_settings(self)
		setup.validate_settings(self)
