# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from agency_service.relations.contacts import check_contact_of


class ClientInformationShared(Document):
	"""Market, media or competitor information the agency passed to a client (信息服务), logged per client."""

	def validate(self):
		check_contact_of(self.contact, self.customer)
		if self.shared_on and getdate(self.shared_on) > getdate(nowdate()):
			frappe.throw(
				_("{0} cannot be in the future.").format(frappe.bold(_("Shared On"))), title=_("Invalid Date")
			)
		if not self.shared_by:
			self.shared_by = frappe.session.user
