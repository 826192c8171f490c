# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document

from agency_service import scorecard


class ClientTierChange(Document):
	"""One change of a client's tier: the tier history, and the document a downgrade is signed off on."""

	def validate(self):
		scorecard.prepare_tier_change(self)

	def after_insert(self):
		scorecard.after_tier_change_insert(self)

	def on_trash(self):
		scorecard.refuse_tier_change_deletion(self)

	def on_signoff_approved(self, purpose):
		scorecard.on_tier_change_signed_off(self, purpose)

	def on_signoff_rejected(self, purpose, reason):
		scorecard.on_tier_change_rejected(self, purpose, reason)
