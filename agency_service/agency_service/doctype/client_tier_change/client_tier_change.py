# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt


from agency_service import scorecard
from agency_service.guard import ActionDocument


class ClientTierChange(ActionDocument):
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

	def on_signoff_cancelled(self, purpose, reason):
		# a cancelled tier sign-off ends the proposal as a rejection does: the tier stays as it was
		scorecard.on_tier_change_rejected(self, purpose, reason)
