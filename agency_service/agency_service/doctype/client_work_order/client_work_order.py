# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import flt, getdate, now_datetime, nowdate

from agency_service.compliance.credit import refuse_suspended_client
from agency_service.compliance.review import check_copy_length, require_approved_review, start_review
from agency_service.delivery import progress_reports
from agency_service.delivery.after_delivery import on_work_order_completed, open_review
from agency_service.delivery.briefs import check_lead_time
from agency_service.delivery.plan import create_project
from agency_service.delivery.proposals import note_client_decision, require_rehearsed_proposal
from agency_service.guard import (
	ActionDocument,
	client_says_yes,
	controlled_change,
	refuse_changes_to,
	refuse_uncontrolled_changes,
)
from agency_service.signoff.engine import submit_for_signoff

DISPATCH, ACCEPTANCE = "dispatch", "acceptance"
CLOSED_STATUSES = ("Archived",)
PROTECTED_FIELDS = (
	"status",
	"proposed_on",
	"client_decision",
	"client_comments",
	"evaluation_notes",
	"archived_on",
	"content_review",
	"delivered_review",
	"last_report_on",
)
# What the client has been shown or has approved stays as it was (a revision reopens it).
CONTENT_FROZEN_STATUSES = ("Proposed to Client", "Client Approved", "Archived")
# Content that is frozen once the work order has been dispatched (signed for as it was).
BRIEF_FIELDS = ("customer", "work_order_type", "brief", "objectives", "deliverables", "budget", "deadline")


class WorkOrderError(frappe.ValidationError):
	pass


class ClientWorkOrder(ActionDocument):
	"""工作单. Lifecycle: Draft → dispatch sign-off → In Progress → Delivered → acceptance sign-off →
	Accepted → Proposed to Client → Client Approved (or Revision Requested → Delivered again) → Archived.
	Each arrow is an action below; ``status`` never changes through a plain save."""

	def validate(self):
		refuse_uncontrolled_changes(self, PROTECTED_FIELDS)
		self.validate_deadline()
		self.validate_brief_frozen_after_dispatch()
		self.validate_budget()
		self.validate_departments()
		self.validate_ad_copy()
		self.validate_contract()
		self.validate_report_schedule()
		if self.is_new() or self.has_value_changed("customer"):
			refuse_suspended_client(self.customer, "Client Work Order")

	def validate_brief_frozen_after_dispatch(self):
		# while the dispatch sign-off is open the whole document is locked (signoff.guard_document says so)
		if self.is_new() or self.status in ("Draft", "Awaiting Dispatch Sign-off"):
			return
		refuse_changes_to(
			self, BRIEF_FIELDS, _("{0} was signed for at dispatch and cannot change now."), WorkOrderError
		)

	def validate_deadline(self):
		if not self.deadline or not (self.is_new() or self.has_value_changed("deadline")):
			return
		if getdate(self.deadline) < getdate(nowdate()):
			throw(_("{0} cannot be in the past.").format(frappe.bold(_("Deadline"))))
		# a media plan is briefed at least two weeks ahead (003: media buying needs the lead time)
		check_lead_time(self.work_order_type, nowdate(), self.deadline, WorkOrderError)

	def validate_budget(self):
		if flt(self.budget) < 0:
			throw(_("{0} cannot be negative.").format(frappe.bold(_("Budget"))))

	def validate_departments(self):
		departments = [row.department for row in self.target_departments]
		if len(set(departments)) != len(departments):
			throw(_("Each target department is listed once."))

	def validate_ad_copy(self):
		check_copy_length(self.ad_copy or "")
		if not self.is_new() and self.status in CONTENT_FROZEN_STATUSES:
			refuse_changes_to(
				self, ("ad_copy",), _("{0} was shown to the client and cannot change now."), WorkOrderError
			)

	def validate_contract(self):
		if not self.contract or not self.has_value_changed("contract"):
			return
		contract = frappe.db.get_value(
			"Contract", self.contract, ["customer", "docstatus", "superseded_by"], as_dict=True
		)
		if (
			not contract
			or contract.customer != self.customer
			or contract.docstatus == 2
			or contract.superseded_by
		):
			throw(
				_("Contract {0} is not a contract in force with this client.").format(
					frappe.bold(self.contract)
				)
			)

	def validate_report_schedule(self):
		if not self.report_frequency:
			self.next_report_on = None
			return
		if not self.next_report_on:
			throw(_("Set the date of the next progress report."))
		if self.has_value_changed("next_report_on") and getdate(self.next_report_on) < getdate(nowdate()):
			throw(_("{0} cannot be in the past.").format(frappe.bold(_("Next Progress Report On"))))

	def transition(self, allowed_from: tuple[str, ...], to: str, **values):
		# the status as stored, read under lock: never the one a client sent
		self.status = frappe.db.get_value(self.doctype, self.name, "status", for_update=True)
		if self.status not in allowed_from:
			throw(_("This cannot be done while the work order is {0}.").format(frappe.bold(_(self.status))))
		with controlled_change():
			self.db_set({"status": to, **values}, notify=True)
		self.add_comment("Info", _("Status: {0}").format(_(to)))

	@frappe.whitelist()
	def submit_for_dispatch(self):
		self.check_permission("write")
		self.transition(("Draft",), "Awaiting Dispatch Sign-off")
		submit_for_signoff(self, DISPATCH)

	@frappe.whitelist()
	def request_content_review(self):
		"""Put the work order's ad copy and files, as stored now, before Legal (广告内容审核)."""
		self.check_permission("write")
		if self.status in ("Draft", "Awaiting Dispatch Sign-off", *CONTENT_FROZEN_STATUSES):
			throw(
				_("Content is reviewed while the work is in progress, not while it is {0}.").format(
					frappe.bold(_(self.status))
				)
			)
		return start_review(self)

	@frappe.whitelist()
	def mark_delivered(self):
		self.check_permission("write")
		review = require_approved_review(self.name)
		self.transition(("In Progress", "Revision Requested"), "Delivered", delivered_review=review)

	@frappe.whitelist()
	def request_acceptance(self):
		self.check_permission("write")
		self.transition(("Delivered",), "Awaiting Acceptance Sign-off")
		submit_for_signoff(self, ACCEPTANCE)

	@frappe.whitelist()
	def propose_to_client(self):
		self.check_permission("write")
		review = require_approved_review(self.name)
		require_rehearsed_proposal(self.name)
		self.transition(
			("Accepted",), "Proposed to Client", proposed_on=now_datetime(), delivered_review=review
		)

	@frappe.whitelist()
	def record_client_decision(self, decision: str, comments: str | None = None):
		"""The client's decision as the account team heard it (the client may also answer on the portal)."""
		self.check_permission("write")
		self.apply_client_decision(decision, comments)

	def apply_client_decision(self, decision: str, comments: str | None = None):
		why = _("Write down what the client wants revised.")
		approved = client_says_yes(decision, comments, ("Approved", "Revise"), why, WorkOrderError)
		to = "Client Approved" if approved else "Revision Requested"
		self.transition(("Proposed to Client",), to, client_decision=decision, client_comments=comments)
		note_client_decision(self.name, approved, comments)  # the presented Client Proposal records it too
		if to == "Client Approved":
			# the work is done as far as the client is concerned: ask how it went, and review it
			on_work_order_completed(self)

	@frappe.whitelist()
	def archive(self, evaluation_notes: str):
		self.check_permission("write")
		if not (evaluation_notes or "").strip():
			throw(_("Write the summary evaluation before archiving."))
		self.transition(
			("Client Approved",), "Archived", evaluation_notes=evaluation_notes, archived_on=now_datetime()
		)
		open_review(self)

	@frappe.whitelist()
	def send_progress_report(self) -> str:
		"""A progress report to the client's contacts now (the schedule sends the others)."""
		self.check_permission("write")
		return progress_reports.send_now(self)

	@frappe.whitelist()
	def open_post_project_review(self) -> str:
		"""The post-project review of completed work (opened at completion; here for work completed earlier)."""
		self.check_permission("write")
		if self.status not in ("Client Approved", "Archived"):
			throw(_("The post-project review follows the client's approval of the work."))
		return open_review(self)

	def on_signoff_approved(self, purpose):
		if purpose == DISPATCH:
			self.ensure_project()
			self.db_set({"status": "In Progress", "project": self.project}, notify=True)
		elif purpose == ACCEPTANCE:
			self.db_set("status", "Accepted", notify=True)

	def on_signoff_rejected(self, purpose, reason):
		self.db_set("status", "Draft" if purpose == DISPATCH else "In Progress", notify=True)

	def on_signoff_cancelled(self, purpose, reason):
		self.db_set("status", "Draft" if purpose == DISPATCH else "Delivered", notify=True)

	def ensure_project(self):
		if not self.project:
			self.project = create_project(self)


def throw(message):
	frappe.throw(message, title=_("Work Order"), exc=WorkOrderError)
