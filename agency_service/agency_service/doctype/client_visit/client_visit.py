# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

"""A client visit's own lifecycle: planned → minutes due / overdue → completed (minutes submitted) or
cancelled. The planner, late-minutes job and dates rule it calls live in ``agency_service.visits``."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder import DocType
from frappe.utils import (
	add_to_date,
	format_date,
	format_datetime,
	get_datetime,
	getdate,
	now_datetime,
	strip_html,
)

from agency_service.visits.dates import update_visit_dates
from agency_service.visits.minutes import send_email
from agency_service.visits.planner import visit_event_subject, visit_todo_text
from agency_service.visits.rules import (
	CANCELLED,
	COMPLETED,
	MINUTES_DUE,
	MINUTES_OVERDUE,
	MINUTES_PRINT_FORMAT,
	PLANNED,
	VISIT,
	ActionItemError,
	MinutesMissingError,
	VisitAlreadyPlannedError,
	VisitNotOverError,
	VisitScheduleError,
	default_checklist,
	get_settings,
	minutes_are_late,
	minutes_deadline,
)


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
		client_proposal: DF.Link | None
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
		work_order: DF.Link | None
	# end: auto-generated types

	def validate(self):
		settings = get_settings()
		if not self.account_manager:
			self.account_manager = frappe.db.get_value("Customer", self.customer, "account_manager")
		if not self.account_manager:
			frappe.throw(
				_("Client {0} has no account manager: set one on the client or on this visit.").format(
					frappe.bold(self.customer_name or self.customer)
				),
				title=_("Account Manager Missing"),
				exc=VisitScheduleError,
			)
		if not self.visit_start or not get_datetime(self.visit_start):  # missing, or empty text sent for it
			frappe.throw(
				_("{0} is needed.").format(frappe.bold(_("Visit Start"))),
				title=_("Invalid Visit Time"),
				exc=VisitScheduleError,
			)
		if not self.visit_end:
			self.visit_end = add_to_date(self.visit_start, minutes=settings.default_visit_minutes)
		if get_datetime(self.visit_end) <= get_datetime(self.visit_start):
			frappe.throw(
				_("The visit must end after it starts."),
				title=_("Invalid Visit Time"),
				exc=VisitScheduleError,
			)
		if not self.due_date:
			self.due_date = getdate(self.visit_start)
		if self.is_new() and not self.preparation_checklist:
			for item in default_checklist():
				self.append("preparation_checklist", {"check_item": item})
		self.minutes_due_at = minutes_deadline(self.visit_end, settings.minutes_due_hours)
		self.validate_no_other_open_visit()
		self.validate_action_items()
		self.validate_work_order()
		if self.docstatus == 0:
			self.status = self.draft_status(now_datetime())
			if self.status != MINUTES_OVERDUE:
				# rescheduled to a later time: the old deadline, its flag and its reminders no longer apply
				self.update({"minutes_late": 0, "owner_reminded_at": None, "director_notified_at": None})
			else:
				self.minutes_late = 1

	def draft_status(self, now) -> str:
		if get_datetime(now) < get_datetime(self.visit_end):
			return PLANNED
		return MINUTES_OVERDUE if minutes_are_late(self.minutes_due_at, now) else MINUTES_DUE

	def validate_no_other_open_visit(self):
		other = frappe.db.get_value(
			VISIT, {"customer": self.customer, "docstatus": 0, "name": ("!=", self.name or "")}, "name"
		)
		if other:
			frappe.throw(
				_(
					"{0} already has an open visit {1}. Reschedule that one, or submit its minutes before planning another."
				).format(frappe.bold(self.customer_name or self.customer), frappe.bold(other)),
				title=_("Visit Already Planned"),
				exc=VisitAlreadyPlannedError,
			)

	def validate_work_order(self):
		if (
			self.work_order
			and frappe.db.get_value("Client Work Order", self.work_order, "customer") != self.customer
		):
			frappe.throw(
				_("Work order {0} is not a work order of this client.").format(frappe.bold(self.work_order)),
				title=_("Invalid Work Order"),
				exc=VisitScheduleError,
			)

	def validate_action_items(self):
		for row in self.action_items:
			if row.due_date and getdate(row.due_date) < getdate(self.visit_start):
				frappe.throw(
					_("Action item {0}: the due date cannot be before the visit.").format(row.idx),
					title=_("Invalid Action Item"),
					exc=ActionItemError,
				)

	def validate_minutes_submission(self, now=None):
		now = get_datetime(now or now_datetime())
		if get_datetime(self.visit_end) > now:
			frappe.throw(
				_("The visit has not ended yet: its minutes can be submitted after {0}.").format(
					frappe.bold(format_datetime(self.visit_end, "yyyy-MM-dd HH:mm"))
				),
				title=_("Visit Not Over"),
				exc=VisitNotOverError,
			)
		if not strip_html(self.minutes or "").strip():
			frappe.throw(
				_("Write the minutes of the visit before submitting."),
				title=_("Minutes Missing"),
				exc=MinutesMissingError,
			)
		self.minutes_submitted_at = now
		self.minutes_late = 1 if minutes_are_late(self.minutes_due_at, now) else 0
		self.status = COMPLETED

	def sync_visit_plan(self):
		"""Keep the account manager's ToDo and calendar Event in step with an open visit."""
		start_text = visit_todo_text(
			self.customer_name or self.customer, self.visit_start, self.purpose or ""
		)
		todo = (
			frappe.get_doc("ToDo", self.todo) if self.todo and frappe.db.exists("ToDo", self.todo) else None
		)
		if todo and todo.allocated_to != self.account_manager:
			todo.db_set("status", "Cancelled")
			todo = None
		if not todo:
			todo = frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": self.account_manager,
					"reference_type": VISIT,
					"reference_name": self.name,
					"assigned_by": frappe.session.user,
				}
			)
		todo.update({"date": getdate(self.visit_start), "description": start_text, "status": "Open"})
		todo.save(ignore_permissions=True)

		event = (
			frappe.get_doc("Event", self.event)
			if self.event and frappe.db.exists("Event", self.event)
			else None
		)
		if not event:
			event = frappe.get_doc(
				{
					"doctype": "Event",
					"event_category": "Meeting",
					"event_type": "Private",
					"reference_doctype": VISIT,
					"reference_docname": self.name,
				}
			)
		event.update(
			{
				"subject": visit_event_subject(self.customer_name or self.customer),
				"starts_on": self.visit_start,
				"ends_on": self.visit_end,
				"description": self.purpose,
				"location": self.location,
				"status": "Open",
			}
		)
		event.save(ignore_permissions=True)
		if event.owner != self.account_manager:
			# the Event lands in its owner's calendar: the account manager's, whoever planned it
			event.db_set("owner", self.account_manager, update_modified=False)
		self.db_set({"todo": todo.name, "event": event.name}, update_modified=False)

	def complete_visit(self):
		"""After the minutes are submitted: close the plan, create action ToDos, update the client, email."""
		self.close_visit_plan(todo_status="Closed", event_status="Completed")
		self.create_action_item_todos()
		update_visit_dates([self.customer])
		self.email_minutes()

	def cancel_visit(self):
		self.db_set("status", CANCELLED)
		todo = DocType("ToDo")
		action_todos = [row.todo for row in self.action_items if row.todo]
		if action_todos:
			(
				frappe.qb.update(todo)
				.set(todo.status, "Cancelled")
				.where(todo.name.isin(action_todos) & (todo.status == "Open"))
				.run()
			)
			item = DocType("Client Visit Action Item")
			(
				frappe.qb.update(item)
				.set(item.status, "Cancelled")
				.where((item.parent == self.name) & (item.status == "Open"))
				.run()
			)
		update_visit_dates([self.customer])

	def remove_visit_plan(self):
		self.close_visit_plan(todo_status="Cancelled", event_status="Cancelled")

	def close_visit_plan(self, todo_status: str, event_status: str):
		if self.todo and frappe.db.exists("ToDo", self.todo):
			frappe.db.set_value("ToDo", self.todo, "status", todo_status)
		if self.event and frappe.db.exists("Event", self.event):
			frappe.db.set_value("Event", self.event, "status", event_status)

	def create_action_item_todos(self):
		for row in self.action_items:
			if row.todo:
				continue
			todo = frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": row.assigned_to,
					"date": row.due_date,
					"description": _("Action item from the visit to {0}: {1}").format(
						self.customer_name or self.customer, row.action
					),
					"reference_type": VISIT,
					"reference_name": self.name,
					"assigned_by": frappe.session.user,
				}
			).insert(ignore_permissions=True)
			row.db_set({"todo": todo.name, "status": "Open"})

	def minutes_recipients(self) -> list[str]:
		staff = [row.user for row in self.staff_attendees if row.user]
		emails = (
			frappe.get_all("User", filters={"name": ("in", staff), "enabled": 1}, pluck="email")
			if staff
			else []
		)
		emails += [row.email_id for row in self.contact_attendees if row.email_id]
		return list(dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()))

	def email_minutes(self):
		recipients = self.minutes_recipients()
		if not recipients or self.flags.skip_minutes_email:
			return
		send_email(
			recipients=recipients,
			subject=_("Minutes of our visit: {0}, {1}").format(
				self.customer_name or self.customer, format_date(getdate(self.visit_start))
			),
			# the print format's own markup, without the print page's stylesheet links; the PDF is attached
			message=frappe.render_template(
				frappe.db.get_value("Print Format", MINUTES_PRINT_FORMAT, "html"), {"doc": self}
			),
			attachments=[
				{
					"print_format_attachment": 1,
					"doctype": VISIT,
					"name": self.name,
					"print_format": MINUTES_PRINT_FORMAT,
				}
			],
			reference_doctype=VISIT,
			reference_name=self.name,
		)

	def on_update(self):
		if self.docstatus == 0:
			self.sync_visit_plan()
			update_visit_dates([self.customer])

	def before_submit(self):
		self.validate_minutes_submission()

	def on_submit(self):
		self.complete_visit()

	def on_cancel(self):
		self.cancel_visit()

	def on_trash(self):
		self.remove_visit_plan()

	def after_delete(self):
		update_visit_dates([self.customer])
