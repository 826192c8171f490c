# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt


from agency_service.guard import ActionDocument
from agency_service.scorecard import tier_changes


class ClientTierChange(ActionDocument):
	"""One change of a client's tier: the tier history, and the document a downgrade is signed off on."""

	def validate(self):
		tier_changes.prepare_tier_change(self)

	def after_insert(self):
		tier_changes.after_tier_change_insert(self)

	def on_trash(self):
		tier_changes.refuse_tier_change_deletion(self)

	def on_signoff_approved(self, purpose):
		tier_changes.on_tier_change_signed_off(self, purpose)

	def on_signoff_rejected(self, purpose, reason):
		tier_changes.on_tier_change_rejected(self, purpose, reason)

	def on_signoff_cancelled(self, purpose, reason):
		# a cancelled tier sign-off ends the proposal as a rejection does: the tier stays as it was
		tier_changes.on_tier_change_rejected(self, purpose, reason)
