# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt


class ComplaintSettings(Document):
	def validate(self):
		if not 1 <= flt(self.warning_percent) <= 99:
			frappe.throw(_("The warning must come between 1 % and 99 % of a deadline."))
		if flt(self.compensation_threshold) < 0:
			frappe.throw(_("The compensation threshold cannot be negative."))
		if flt(self.max_attachment_mb) <= 0 or (self.max_attachments or 0) <= 0:
			frappe.throw(_("Portal attachments need a size limit and a number above zero."))
		if not self.working_hours:
			frappe.throw(_("Complaint deadlines need working hours."))

	def on_update(self):
		if not self.flags.skip_agreement_sync:
			from agency_service.complaints.agreements import sync_all_agreements

			sync_all_agreements()
