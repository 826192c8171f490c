# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class WorkOrderProgressReport(Document):
	"""A progress report as it was emailed to the client (``delivery.progress_reports`` writes it): what
	was done, what is next, what awaited the client, to whom and when. A record: never changed."""

	def validate(self):
		if self.is_new():
			frappe.throw(
				_("Progress reports are sent from their work order, not made by hand."),
				frappe.PermissionError,
			)
		frappe.throw(_("A progress report sent to the client cannot be changed."), frappe.PermissionError)

	def on_trash(self):
		frappe.throw(_("A progress report sent to the client cannot be deleted."), frappe.PermissionError)
