# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from agency_service.roles import AGENCY_MANAGEMENT, CLIENT_SERVICE_HEAD

# Who may record a delegation for somebody else (e.g. an approver who fell ill).
DELEGATION_ADMINS = (CLIENT_SERVICE_HEAD, AGENCY_MANAGEMENT, "System Manager")


class InvalidDelegationError(frappe.ValidationError):
	pass


class SignoffDelegation(Document):
	def validate(self):
		self.validate_who_delegates()
		self.validate_people()
		self.validate_dates()

	def validate_who_delegates(self):
		user = frappe.session.user
		if user != self.delegator and not set(DELEGATION_ADMINS) & set(frappe.get_roles(user)):
			throw(
				_("Only {0} or the Client Service Head can delegate {0}'s signatures.").format(
					frappe.bold(self.delegator)
				)
			)
		if not self.is_new() and self.has_value_changed("delegate") and user == self.delegate:
			throw(_("You cannot make yourself the delegate."))

	def validate_people(self):
		if self.delegator == self.delegate:
			throw(_("An approver cannot delegate to themselves."))

	def validate_dates(self):
		if self.to_date < self.from_date:
			throw(_("The delegation cannot end before it starts."))


def throw(message):
	frappe.throw(message, title=_("Invalid Delegation"), exc=InvalidDelegationError)
