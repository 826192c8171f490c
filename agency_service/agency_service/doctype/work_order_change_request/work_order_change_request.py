# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import flt, getdate, now_datetime, nowdate

from agency_service.guard import (
	ActionDocument,
	controlled_change,
	in_controlled_change,
	refuse_changes_to,
	refuse_uncontrolled_changes,
)
from agency_service.signoff.engine import submit_for_signoff

PURPOSE = "change"
DRAFT, AWAITING_SIGNOFF, AWAITING_CLIENT = "Draft", "Awaiting Sign-off", "Awaiting Client"
APPLIED, REJECTED = "Applied", "Rejected"
# set by the actions only; the work order's figures before the change are stamped at submission
PROTECTED_FIELDS = ("status", "requested_by_client", "applied_on", "client_comments")
STAMPED_FIELDS = ("current_budget", "current_deadline")
CHANGE_FIELDS = ("work_order", "description", "budget_change", "new_deadline")
OPEN_WORK = ("In Progress", "Delivered", "Revision Requested", "Accepted", "Proposed to Client")


class ChangeRequestError(frappe.ValidationError):
	pass


class WorkOrderChangeRequest(ActionDocument):
	"""A change to a dispatched work order (变更), from the account team or asked for by the client on the
	portal. Draft → Submit: one that moves the budget or the deadline goes to the *Work Order Change*
	sign-off, then — when the client asked for it — to the client's confirmation, then it is applied to
	the work order; one that moves neither is recorded as applied at once."""

	def before_insert(self):
		if not in_controlled_change():
			self.requested_by = frappe.session.user

	def validate(self):
		refuse_uncontrolled_changes(self, (*PROTECTED_FIELDS, *STAMPED_FIELDS))
		if not self.is_new():
			refuse_changes_to(self, ("requested_by",), _("{0} cannot change."), ChangeRequestError)
		if not self.is_new() and self.get_doc_before_save() and self.get_doc_before_save().status != DRAFT:
			refuse_changes_to(
				self, CHANGE_FIELDS, _("{0} cannot change once the request is submitted."), ChangeRequestError
			)
		if not (self.description or "").strip():
			throw(_("Describe the change."))
		work_order = frappe.db.get_value(
			"Client Work Order", self.work_order, ["customer", "status", "budget", "deadline"], as_dict=True
		)
		if not work_order:
			throw(_("Work order {0} does not exist.").format(frappe.bold(self.work_order)))
		self.customer = work_order.customer
		if self.status == DRAFT and work_order.status not in OPEN_WORK:
			throw(
				_("A change is requested for work in progress, not for a work order that is {0}.").format(
					frappe.bold(_(work_order.status))
				)
			)
		if self.new_deadline and getdate(self.new_deadline) < getdate(nowdate()):
			throw(_("{0} cannot be in the past.").format(frappe.bold(_("New Deadline"))))
		if flt(work_order.budget) + flt(self.budget_change) < 0:
			throw(_("The change would make the budget negative."))

	def moves_budget_or_dates(self, work_order) -> bool:
		moved_deadline = self.new_deadline and getdate(self.new_deadline) != getdate(work_order.deadline)
		return bool(flt(self.budget_change) or moved_deadline)

	@frappe.whitelist()
	def submit_request(self) -> str:
		"""Submit the change: signed off when it moves the budget or the deadline, else applied at once."""
		self.check_permission("write")
		self.require(DRAFT)
		work_order = frappe.get_doc("Client Work Order", self.work_order)
		with controlled_change():
			self.db_set({"current_budget": work_order.budget, "current_deadline": work_order.deadline})
		if self.moves_budget_or_dates(work_order):
			self.move(AWAITING_SIGNOFF)
			submit_for_signoff(self, PURPOSE)
		else:
			self.apply()
		return self.status

	def on_signoff_approved(self, purpose):
		if purpose != PURPOSE:
			return
		if self.requested_by_client:
			self.move(AWAITING_CLIENT)
		else:
			self.apply()

	def on_signoff_rejected(self, purpose, reason):
		self.move(REJECTED)

	def on_signoff_cancelled(self, purpose, reason):
		self.move(DRAFT)

	def answer_of_client(self, confirmed: bool, comments: str | None):
		"""The client's answer on the portal (the confirmation is recorded by the caller)."""
		self.require(AWAITING_CLIENT)
		with controlled_change():
			self.db_set("client_comments", comments)
		if confirmed:
			self.apply()
		else:
			self.move(DRAFT)

	def apply(self):
		"""Apply the change to the work order (its budget and deadline), recorded on both documents."""
		work_order = frappe.get_doc("Client Work Order", self.work_order, for_update=True)
		values = {}
		if flt(self.budget_change):
			values["budget"] = flt(work_order.budget) + flt(self.budget_change)
		if self.new_deadline:
			values["deadline"] = self.new_deadline
		with controlled_change():
			if values:
				work_order.db_set(values, notify=True)
				if work_order.project and "deadline" in values:
					frappe.db.set_value(
						"Project", work_order.project, "expected_end_date", values["deadline"]
					)
			self.db_set({"status": APPLIED, "applied_on": now_datetime()}, notify=True)
		work_order.add_comment("Info", _("Change {0} applied: {1}").format(self.name, self.description))
		self.add_comment("Info", _("Status: {0}").format(_(APPLIED)))

	def move(self, to: str):
		with controlled_change():
			self.db_set("status", to, notify=True)
		self.add_comment("Info", _("Status: {0}").format(_(to)))

	def require(self, status: str):
		stored = frappe.db.get_value(self.doctype, self.name, "status", for_update=True)
		if stored != status:
			throw(_("This cannot be done while the change request is {0}.").format(frappe.bold(_(stored))))


def throw(message):
	frappe.throw(message, title=_("Change Request"), exc=ChangeRequestError)
