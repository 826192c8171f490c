# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import flt

from agency_service.guard import (
	ActionDocument,
	controlled_change,
	refuse_changes_to,
	refuse_uncontrolled_changes,
)
from agency_service.relations.budget import APPROVED, AWAITING, DRAFT, REJECTED, budget_check
from agency_service.relations.contacts import check_contact_of
from agency_service.signoff.engine import submit_for_signoff

PURPOSE = "gift"
# What was approved (or is being approved) stays as it was
GIFT_FIELDS = ("customer", "contact", "kind", "given_on", "amount", "description")


class GiftError(frappe.ValidationError):
	pass


class ClientGift(ActionDocument):
	"""A gift or hospitality for a client (礼品 / 招待). Draft → Approved, or → Awaiting Approval → the
	sign-off → Approved / Rejected when it is above the tier's threshold or beyond its yearly budget.
	The status changes only through ``record_gift`` and the sign-off; the budget figures are always
	computed here, never taken from the form."""

	def validate(self):
		refuse_uncontrolled_changes(self, ("status",))
		self.validate_amount()
		self.validate_frozen_once_recorded()
		self.validate_contact()
		if (self.status or DRAFT) == DRAFT:
			self.update(budget_check(self.customer, self.client_tier, self.given_on, self.amount, self.name))

	def validate_amount(self):
		if flt(self.amount) <= 0:
			throw(_("{0} must be more than zero.").format(frappe.bold(_("Value"))))

	def validate_frozen_once_recorded(self):
		before = None if self.is_new() else self.get_doc_before_save()
		if before and before.status != DRAFT:
			refuse_changes_to(self, GIFT_FIELDS, _("{0} cannot change once the gift is recorded."), GiftError)

	def validate_contact(self):
		check_contact_of(self.contact, self.customer)

	def on_trash(self):
		if self.status != DRAFT:
			throw(_("A recorded gift stays in the register; only a draft can be deleted."))

	@frappe.whitelist()
	def record_gift(self):
		"""Record the gift: approved at once within the tier's allowance, else submitted for sign-off."""
		self.check_permission("write")
		if self.status != DRAFT:
			throw(_("This gift is already {0}.").format(frappe.bold(_(self.status))))
		# one client's gifts are recorded one at a time, so two gifts cannot each fit the same budget
		frappe.db.get_value("Customer", self.customer, "name", for_update=True)
		figures = budget_check(self.customer, self.client_tier, self.given_on, self.amount, self.name)
		with controlled_change():
			self.db_set(
				{**figures, "status": AWAITING if figures["needs_approval"] else APPROVED}, notify=True
			)
		if figures["needs_approval"]:
			submit_for_signoff(self, PURPOSE)
		self.add_comment("Info", _("Status: {0}").format(_(self.status)))
		return self.status

	def on_signoff_approved(self, purpose):
		self.db_set("status", APPROVED, notify=True)

	def on_signoff_rejected(self, purpose, reason):
		self.db_set("status", REJECTED, notify=True)

	def on_signoff_cancelled(self, purpose, reason):
		self.db_set("status", DRAFT, notify=True)


def throw(message):
	frappe.throw(message, title=_("Client Gift"), exc=GiftError)
