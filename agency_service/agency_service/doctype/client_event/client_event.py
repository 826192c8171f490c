# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import escape_html, format_datetime, get_datetime, now_datetime, nowdate

from agency_service.guard import ActionDocument
from agency_service.relations.contacts import check_contact_of


class ClientEventError(frappe.ValidationError):
	pass


class ClientEvent(ActionDocument):
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

	@frappe.whitelist()
	def send_invitations(self) -> dict:
		"""Email an invitation to every guest not invited yet; their rows record the day it went out."""
		self.check_permission("write")
		if self.status != "Planned" or get_datetime(self.starts_on) <= now_datetime():
			throw(_("Invitations go out for a planned event that has not started."))
		sent, without_email = 0, []
		for row in self.invitations:
			if row.invited_on or not row.contact:
				continue
			email = frappe.db.get_value("Contact", row.contact, "email_id")
			if not email:
				without_email.append(row.idx)
				continue
			try:
				frappe.sendmail(
					recipients=[email],
					subject=_("Invitation: {0}").format(self.event_title),
					message=self.invitation_text(row),
					reference_doctype=self.doctype,
					reference_name=self.name,
				)
			except frappe.OutgoingEmailError:
				throw(_("No outgoing email account is set up: invitations cannot be sent by email yet."))
			row.invited_on = nowdate()
			sent += 1
		if sent:
			self.save()
		return {"sent": sent, "without_email": without_email}

	def invitation_text(self, row) -> str:
		name = frappe.db.get_value("Contact", row.contact, "full_name") or ""
		lines = [
			_("Dear {0},").format(escape_html(name)),
			_("We are pleased to invite you to {0}.").format(frappe.bold(escape_html(self.event_title))),
			_("Time: {0}").format(format_datetime(self.starts_on)),
		]
		if self.venue:
			lines.append(_("Venue: {0}").format(escape_html(self.venue)))
		if self.description:
			lines.append(escape_html(self.description))
		return "".join(f"<p>{line}</p>" for line in lines)


def throw(message):
	frappe.throw(message, title=_("Client Event"), exc=ClientEventError)
