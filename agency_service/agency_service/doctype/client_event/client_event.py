# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from agency_service.relations.contacts import check_contact_of


class ClientEventError(frappe.ValidationError):
	pass


class ClientEvent(Document):
	"""A client event (客户活动: appreciation dinner, seminar, launch…) with its invitations and who came."""

	def validate(self):
		self.validate_invitations()
		self.validate_attendance()

	def validate_invitations(self):
		seen = set()
		for row in self.invitations:
			check_contact_of(row.contact, row.customer)
			key = (row.customer, row.contact or "")
			if key in seen:
				throw(_("Row {0}: this guest is invited twice.").format(row.idx))
			seen.add(key)

	def validate_attendance(self):
		attended = [row for row in self.invitations if row.attended]
		if attended and get_datetime(self.starts_on) > now_datetime():
			throw(_("Attendance is recorded once the event has started."))
		if self.status == "Cancelled" and attended:
			throw(_("A cancelled event has no attendance."))
		for row in attended:
			if row.response == "Declined":
				throw(_("Row {0}: a guest who declined cannot have attended.").format(row.idx))


def throw(message):
	frappe.throw(message, title=_("Client Event"), exc=ClientEventError)
