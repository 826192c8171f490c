# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class ClientConfirmation(Document):
	"""A client's written confirmation on the portal (关键节点书面确认, 001 §4.2): who confirmed what, when,
	and a fingerprint of the exact version they saw. Written once by the portal; never changed."""

	def validate(self):
		if not self.is_new():
			frappe.throw(
				_("A client's confirmation is a record and cannot be changed."), frappe.PermissionError
			)

	def on_trash(self):
		frappe.throw(_("A client's confirmation is a record and cannot be deleted."), frappe.PermissionError)
