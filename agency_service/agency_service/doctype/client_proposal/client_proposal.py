# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from agency_service.delivery.attachments import refuse_executable
from agency_service.delivery.proposals import (
	DRAFT,
	PITCH_DECISIONS,
	PITCH_PURPOSE,
	PRESENTED,
	PROPOSAL_DECISIONS,
	REHEARSED,
	REVISION_REQUESTED,
	ProposalError,
	datetime_value,
	require_rehearsal,
)
from agency_service.guard import (
	ActionDocument,
	checked_text,
	controlled_change,
	in_controlled_change,
	refuse_changes_to,
	refuse_uncontrolled_changes,
)

PROTECTED_FIELDS = (
	"status",
	"pitch_visit",
	"presented_on",
	"presented_by",
	"client_decision",
	"decision_reason",
	"decided_on",
)
REHEARSAL_FIELDS = ("rehearsed_on", "attendees", "feedback", "recorded_by")
# what the client was shown stays as it was until the client has answered
CONTENT_FIELDS = ("work_order", "title", "proposal_document", "summary", "is_pitch")
OPEN_STATUSES = (DRAFT, REHEARSED, REVISION_REQUESTED)
MAX_TEXT = 5000


class ClientProposal(ActionDocument):
	"""提案: Draft → Record Rehearsal (who, when, feedback: 提案预演) → Rehearsed → Present, at the pitch
	meeting (a Client Visit planned from here) → Presented → the client's decision: Approved or Revise
	(rehearsed again before it is presented again); a competitive pitch is Won or Lost, with the reason.

	A proposal of a work order awaiting its proposal (Accepted) moves it to *Proposed to Client* when
	presented, and the client confirms it in writing on the portal (delivery.confirmations)."""

	def validate(self):
		refuse_uncontrolled_changes(self, PROTECTED_FIELDS)
		self.validate_rehearsals_unchanged()
		self.validate_work_order()
		self.validate_document()
		if not self.is_new() and self.get_doc_before_save().status not in OPEN_STATUSES:
			refuse_changes_to(
				self,
				CONTENT_FIELDS,
				_("{0} was presented to the client and cannot change now."),
				ProposalError,
			)

	def validate_rehearsals_unchanged(self):
		"""Rehearsals are recorded through Record Rehearsal only: a plain save neither adds nor edits one."""
		if in_controlled_change():
			return
		before = None if self.is_new() else self.get_doc_before_save()
		kept = [
			tuple(str(r.get(f) or "") for f in REHEARSAL_FIELDS)
			for r in (before.rehearsals if before else [])
		]
		sent = [tuple(str(r.get(f) or "") for f in REHEARSAL_FIELDS) for r in self.rehearsals]
		if kept != sent:
			throw(_("Rehearsals are recorded with Record Rehearsal, not by editing the table."))

	def validate_work_order(self):
		customer = frappe.db.get_value("Client Work Order", self.work_order, "customer")
		if not customer:
			throw(_("Work order {0} does not exist.").format(frappe.bold(self.work_order)))
		self.customer = customer
		if self.brief and frappe.db.get_value("Client Brief", self.brief, "work_order") != self.work_order:
			throw(_("Brief {0} is not a brief of this work order.").format(frappe.bold(self.brief)))

	def validate_document(self):
		if self.proposal_document and (self.is_new() or self.has_value_changed("proposal_document")):
			refuse_executable(self.proposal_document)

	# --- actions ------------------------------------------------------------------------------------

	@frappe.whitelist()
	def record_rehearsal(self, rehearsed_on: str, attendees: str, feedback: str):
		"""The internal rehearsal (提案预演), after it took place: who rehearsed, when, and the feedback."""
		self.check_permission("write")
		self.require(*OPEN_STATUSES)
		when = datetime_value(rehearsed_on, _("Rehearsed On"))
		if when > now_datetime():
			throw(_("A rehearsal is recorded after it took place, not before."))
		if self.presented_on and when <= get_datetime(self.presented_on):
			throw(_("The proposal was sent back after {0}: rehearse it again.").format(self.presented_on))
		attendees, feedback = text(attendees, _("Who Rehearsed")), text(feedback, _("Feedback"))
		self.append(
			"rehearsals",
			{
				"rehearsed_on": when,
				"attendees": attendees,
				"feedback": feedback,
				"recorded_by": frappe.session.user,
			},
		)
		self.status = REHEARSED
		with controlled_change():
			self.save()
		self.add_comment("Info", _("Rehearsed: {0}").format(feedback))
		return self.status

	@frappe.whitelist()
	def plan_pitch_meeting(
		self, visit_start: str | None = None, channel: str | None = None, visit: str | None = None
	):
		"""The pitch meeting is a Client Visit of this client: an open visit named here, or a new one."""
		self.check_permission("write")
		self.require(*OPEN_STATUSES)
		if visit:
			meeting = frappe.get_doc("Client Visit", visit)
			meeting.check_permission("write")
			if meeting.customer != self.customer or meeting.docstatus != 0:
				throw(_("Visit {0} is not an open visit of this client.").format(frappe.bold(visit)))
		else:
			if not visit_start:
				throw(_("Give the time of the pitch meeting."))
			frappe.has_permission("Client Visit", "create", throw=True)
			meeting = frappe.get_doc(
				{
					"doctype": "Client Visit",
					"customer": self.customer,
					"visit_start": datetime_value(visit_start, _("Visit Start")),
					"channel": channel or "At Our Agency",
				}
			)
		meeting.purpose = _("{0}: {1}").format(_(PITCH_PURPOSE), self.title)
		meeting.work_order, meeting.client_proposal = self.work_order, self.name
		with controlled_change():
			meeting.save()
			self.db_set("pitch_visit", meeting.name, notify=True)
		return meeting.name

	@frappe.whitelist()
	def present_to_client(self):
		"""Presented to the client (向客户提案): only after its rehearsal, as stored, with its document."""
		self.check_permission("write")
		self.require(REHEARSED)
		require_rehearsal(self.name, self.presented_on)
		if not self.proposal_document:
			throw(_("Attach the proposal document before presenting it."))
		self.move(PRESENTED, presented_on=now_datetime(), presented_by=frappe.session.user)
		work_order = frappe.get_doc("Client Work Order", self.work_order)
		if not self.is_pitch and work_order.status == "Accepted":
			work_order.propose_to_client()  # the client now confirms it in writing on the portal
		return self.status

	@frappe.whitelist()
	def record_decision(self, decision: str, reason: str | None = None):
		"""The client's decision as the account team heard it: Approved / Revise, or a pitch Won / Lost."""
		self.check_permission("write")
		self.require(PRESENTED)
		if not self.is_pitch:
			work_order = frappe.get_doc("Client Work Order", self.work_order)
			if work_order.status == "Proposed to Client" and decision in PROPOSAL_DECISIONS:
				# one decision, recorded on the work order as on the portal (which notes it back here)
				work_order.record_client_decision(decision, reason)
				self.reload()
				if self.status != PRESENTED:
					return self.status
		self.note_decision(decision, reason)
		return self.status

	def note_decision(self, decision: str, reason: str | None):
		decisions = PITCH_DECISIONS if self.is_pitch else PROPOSAL_DECISIONS
		if decision not in decisions:
			throw(_("The decision is one of: {0}.").format(", ".join(_(d) for d in decisions)))
		reason = (reason or "").strip()
		if (self.is_pitch or decision == "Revise") and not reason:
			if not self.is_pitch:
				throw(_("Write down what the client wants revised."))
			throw(
				_("Write why the pitch was won.") if decision == "Won" else _("Write why the pitch was lost.")
			)
		self.move(
			decisions[decision], client_decision=decision, decision_reason=reason, decided_on=now_datetime()
		)

	def move(self, to: str, **values):
		with controlled_change():
			self.db_set({"status": to, **values}, notify=True)
		self.add_comment("Info", _("Status: {0}").format(_(to)))

	def require(self, *statuses):
		stored = frappe.db.get_value(self.doctype, self.name, "status", for_update=True)
		if stored not in statuses:
			throw(_("This cannot be done while the proposal is {0}.").format(frappe.bold(_(stored))))


def text(value, label: str) -> str:
	return checked_text(value, label, True, MAX_TEXT, ProposalError, _("Proposal"))


def throw(message):
	frappe.throw(message, title=_("Proposal"), exc=ProposalError)
