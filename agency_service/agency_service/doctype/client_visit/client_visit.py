# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document

from agency_service import visits


class ClientVisit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from agency_service.agency_service.doctype.client_visit_action_item.client_visit_action_item import (
			ClientVisitActionItem,
		)
		from agency_service.agency_service.doctype.client_visit_agenda_item.client_visit_agenda_item import (
			ClientVisitAgendaItem,
		)
		from agency_service.agency_service.doctype.client_visit_checklist_item.client_visit_checklist_item import (
			ClientVisitChecklistItem,
		)
		from agency_service.agency_service.doctype.client_visit_contact.client_visit_contact import (
			ClientVisitContact,
		)
		from agency_service.agency_service.doctype.client_visit_staff.client_visit_staff import (
			ClientVisitStaff,
		)

		account_director: DF.Link | None
		account_manager: DF.Link
		action_items: DF.Table[ClientVisitActionItem]
		agenda: DF.Table[ClientVisitAgendaItem]
		amended_from: DF.Link | None
		auto_planned: DF.Check
		channel: DF.Literal[
			"On-Site at Client", "At Our Agency", "Phone Call", "Video Meeting", "Client Event"
		]
		client_feedback: DF.SmallText | None
		client_tier: DF.Link | None
		contact_attendees: DF.Table[ClientVisitContact]
		customer: DF.Link
		customer_name: DF.Data | None
		director_notified_at: DF.Datetime | None
		due_date: DF.Date | None
		event: DF.Link | None
		location: DF.Data | None
		minutes: DF.TextEditor | None
		minutes_due_at: DF.Datetime | None
		minutes_late: DF.Check
		minutes_submitted_at: DF.Datetime | None
		owner_reminded_at: DF.Datetime | None
		preparation_checklist: DF.Table[ClientVisitChecklistItem]
		purpose: DF.SmallText
		staff_attendees: DF.Table[ClientVisitStaff]
		status: DF.Literal["Planned", "Minutes Due", "Minutes Overdue", "Completed", "Cancelled"]
		todo: DF.Link | None
		visit_end: DF.Datetime
		visit_start: DF.Datetime
	# end: auto-generated types

	def validate(self):
		visits.validate_visit(self)

	def on_update(self):
		if self.docstatus == 0:
			visits.sync_visit_plan(self)
			visits.update_client_visit_dates(self.customer)

	def before_submit(self):
		visits.validate_minutes_submission(self)

	def on_submit(self):
		visits.complete_visit(self)

	def on_cancel(self):
		visits.cancel_visit(self)

	def on_trash(self):
		visits.remove_visit_plan(self)

	def after_delete(self):
		visits.update_client_visit_dates(self.customer)
