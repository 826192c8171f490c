# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe

from agency_service.guard import ActionDocument
from agency_service.surveys import invitations, scores


class SurveyInvitation(ActionDocument):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account_manager: DF.Link | None
		client_tier: DF.Link | None
		contact: DF.Link
		customer: DF.Link
		email_id: DF.Data | None
		expires_on: DF.Datetime | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		responded_on: DF.Datetime | None
		sent_on: DF.Datetime | None
		survey_language: DF.Link | None
		status: DF.Literal["Queued", "Sent", "Responded", "Expired", "Cancelled"]
		survey_response: DF.Link | None
		survey_template: DF.Link | None
		token_hash: DF.Data | None
		trigger: DF.Literal[
			"Survey Cadence", "Project Completed", "Work Order Completed", "Complaint Closed", "Sent by Hand"
		]
	# end: auto-generated types

	def validate(self):
		invitations.protect_invitation(self)
		if self.is_new():
			invitations.prepare_invitation(self)

	def after_insert(self):
		# Invitations made on the desk or through REST go out at once; jobs send theirs in batches.
		if self.trigger == scores.INVITED_BY_HAND:
			invitations.send_invitation(self)

	@frappe.whitelist()
	def resend(self):
		"""Email a fresh link; the previous one stops working."""
		self.check_permission("write")
		invitations.send_invitation(self)

	@frappe.whitelist()
	def cancel_invitation(self):
		self.check_permission("write")
		if self.status != "Responded":
			self.db_set({"status": "Cancelled", "token_hash": None}, notify=True)
