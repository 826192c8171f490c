# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import datetime

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as add_assignment
from frappe.utils import cint, flt, get_datetime, now_datetime, strip_html

from agency_service import notify
from agency_service.clients.profile import is_contact_of
from agency_service.complaints import access, agreements, base, deadlines
from agency_service.complaints.base import FULFILLED_STATUSES, ComplaintError, throw
from agency_service.guard import (
	ActionDocument,
	client_says_yes,
	controlled_change,
	refuse_uncontrolled_changes,
)
from agency_service.signoff.engine import submit_for_signoff

COMPENSATION = "compensation"
# Everything the lifecycle stamps: set by the actions below only, never by a plain save or the REST API.
PROTECTED_FIELDS = (
	"status",
	"client_tier",
	"account_manager",
	"account_director",
	"acknowledged_at",
	"acknowledged_by",
	"first_response_channel",
	"first_response_note",
	"investigator",
	"investigation_started_at",
	"solution",
	"compensation_amount",
	"solution_proposed_at",
	"solution_proposed_by",
	"client_decision",
	"client_decision_at",
	"client_decision_by",
	"client_decision_note",
	"execution_started_at",
	"execution_started_by",
	"resolved_at",
	"resolved_by",
	"resolution_summary",
	"follow_up_at",
	"follow_up_by",
	"client_satisfied",
	"client_rating",
	"follow_up_note",
	"closed_at",
	"closed_by",
	"reopen_count",
	"resume_status",
	"knowledge_case",
	"response_breached",
	"resolution_breached",
	*base.ESCALATION_FLAGS,
)
RESPONSE_CHANNELS = ("Phone", "Email", "Portal", "Visit", "WeChat", "Other")
HOLDABLE = ("Acknowledged", "Investigating", "Client Agreed", "Executing")


class ClientComplaint(ActionDocument):
	"""客户投诉. Registered → Acknowledged → Investigating (⇄ Waiting on Client) → [Solution in Approval →]
	Solution Proposed → Client Agreed (or back to Investigating when rejected) → Executing → Resolved →
	follow-up → Closed, or reopened to Investigating when the client is not satisfied. Each arrow is an
	action below that stamps its time and user; ``status`` never changes through a plain save."""

	def validate(self):
		refuse_uncontrolled_changes(self, PROTECTED_FIELDS)
		self.validate_client()
		self.validate_text()
		self.validate_received_at()
		self.validate_category()
		self.validate_contact()
		# ERPNext's agreement engine measures deadlines from when the complaint was received.
		self.service_level_agreement_creation = self.received_at

	def before_save(self):
		deadlines.apply_deadlines(self)
		deadlines.set_escalation_schedule(self)

	def after_insert(self):
		# told in the background, after the complaint is stored: filing stays fast for the client
		frappe.enqueue(
			"agency_service.complaints.escalation.announce_new_complaint",
			name=self.name,
			enqueue_after_commit=True,
			now=frappe.flags.in_test,
		)

	# --- validation ---------------------------------------------------------------------------------

	def from_email(self) -> bool:
		"""Created by an incoming email to the complaints address (Frappe's Email Account "append to")."""
		return bool(self.is_new() and self.flags.ignore_mandatory and self.raised_by)

	def validate_client(self):
		if not self.customer and self.raised_by:
			self.customer = client_of_email(self.raised_by)
			self.contact = self.contact or contact_of_email(self.raised_by, self.customer)
		if not self.customer:
			if self.from_email():
				return  # staff identify the client before acknowledging
			throw(_("Choose the client who complains."))
		if not self.is_new() and self.has_value_changed("customer") and self.status != "Registered":
			throw(_("The client of a complaint cannot change once it has been acknowledged."))
		if self.is_new() or self.has_value_changed("customer"):
			client = frappe.db.get_value(
				"Customer", self.customer, ["client_tier", "account_manager", "account_director"]
			)
			if not client:
				throw(_("Client {0} does not exist: choose the client who complains.").format(self.customer))
			tier, manager, director = client
			# every complaint has deadlines: a client without a tier is given the default one
			tier = tier or deadlines.give_default_tier(self.customer)
			with controlled_change():
				self.client_tier, self.account_manager, self.account_director = tier, manager, director

	def validate_text(self):
		if self.from_email():
			self.channel = "Email"
			self.subject = self.subject or _("Complaint by email")
			if not strip_html(self.content or "").strip():
				# the email itself becomes the content once its communication is stored (notify_communication)
				self.content = "<p>{}</p>".format(_("The complaint arrived by email: see the email below."))
		self.subject = (self.subject or "").strip()
		if not self.subject:
			throw(_("Give the complaint a subject."))
		if not strip_html(self.content or "").strip():
			throw(_("Describe what the client complains about."))

	def validate_received_at(self):
		if not self.received_at:
			self.received_at = now_datetime()
		if get_datetime(self.received_at) > now_datetime():
			throw(_("The complaint cannot have been received in the future."))
		if not self.is_new() and self.has_value_changed("received_at") and self.first_responded_on:
			throw(_("The time received cannot change after the first response."))

	def validate_category(self):
		if not self.category:
			return
		enabled = frappe.db.get_value("Complaint Category", self.category, "enabled")
		if enabled is None:
			throw(_("Unknown complaint category {0}.").format(frappe.bold(self.category)))
		if not cint(enabled) and self.has_value_changed("category"):
			throw(_("Complaint category {0} is no longer used.").format(frappe.bold(self.category)))

	def validate_contact(self):
		if self.contact and self.customer and self.has_value_changed("contact"):
			if not is_contact_of(self.contact, self.customer):
				throw(_("Contact {0} is not a contact of {1}.").format(self.contact, self.customer))

	# --- the lifecycle ------------------------------------------------------------------------------

	def transition(self, allowed_from, to: str, note: str | None = None, **values):
		# the status as stored, read under lock: never the one a client sent
		self.status = frappe.db.get_value(self.doctype, self.name, "status", for_update=True)
		if self.status not in allowed_from:
			throw(_("This cannot be done while the complaint is {0}.").format(frappe.bold(_(self.status))))
		with controlled_change():
			self.update(values)
			self.status = to
			self.save(ignore_permissions=True)
		text = _("Status: {0}").format(_(to))
		self.add_comment("Info", f"{text}. {frappe.utils.escape_html(note)}" if note else text)

	def staff_only(self):
		if access.is_portal_user():
			throw(_("Only the agency's staff can do this."), exc=frappe.PermissionError)
		self.check_permission("write")

	@frappe.whitelist()
	def acknowledge(
		self, channel: str, note: str | None = None, responded_at: str | datetime.datetime | None = None
	):
		"""The first response, however it happened (a call, an email, a visit …), and when."""
		self.staff_only()
		if not self.customer:
			throw(_("Identify the client before acknowledging the complaint."))
		if channel not in RESPONSE_CHANNELS:
			throw(
				_("Say how the client was answered: {0}.").format(", ".join(_(c) for c in RESPONSE_CHANNELS))
			)
		at = get_datetime(responded_at) if responded_at else now_datetime()
		if at > now_datetime() or at < get_datetime(self.received_at):
			throw(_("The first response must lie between the time received and now."))
		late = bool(self.response_by) and at > get_datetime(self.response_by)
		self.first_responded_on = at
		self.transition(
			("Registered",),
			"Acknowledged",
			note,
			**done_by("acknowledged", at),
			first_response_channel=channel,
			first_response_note=note,
			response_breached=cint(self.response_breached or late),
		)

	@frappe.whitelist()
	def start_investigation(self, investigator: str | None = None):
		"""Investigator chosen here, or the one an Assignment Rule (or a person) assigned already."""
		self.staff_only()
		investigator = investigator or next(iter(self.get_assigned_users()), None)
		if not investigator:
			throw(_("Choose who investigates the complaint."))
		if not frappe.db.get_value("User", {"name": investigator, "enabled": 1, "user_type": "System User"}):
			throw(_("{0} is not an active staff user.").format(investigator))
		if investigator not in self.get_assigned_users():
			add_assignment(
				{
					"doctype": self.doctype,
					"name": self.name,
					"assign_to": [investigator],
					"description": _("Investigate complaint: {0}").format(self.subject),
				}
			)
		self.transition(
			("Acknowledged",),
			"Investigating",
			investigator=investigator,
			investigation_started_at=now_datetime(),
		)

	@frappe.whitelist()
	def wait_on_client(self, note: str):
		"""Pause the deadlines while the agency waits on the client (information, a decision …)."""
		self.staff_only()
		if not (note or "").strip():
			throw(_("Say what the agency is waiting for from the client."))
		self.transition(HOLDABLE, "Waiting on Client", note, resume_status=self.status)

	@frappe.whitelist()
	def resume(self):
		self.staff_only()
		self.transition(("Waiting on Client",), self.resume_status or "Investigating", resume_status=None)

	@frappe.whitelist()
	def propose_solution(self, solution: str, compensation_amount: float | str | None = 0):
		self.staff_only()
		if self.status != "Investigating":
			throw(_("A solution is proposed after the investigation."))
		if not strip_html(self.facts or "").strip() or not self.root_cause:
			throw(_("Record the facts established and the root cause before proposing a solution."))
		if not strip_html(solution or "").strip():
			throw(_("Describe the proposed solution."))
		amount = flt(compensation_amount)
		if amount < 0:
			throw(_("Compensation cannot be negative."))
		needs_signoff = amount > flt(agreements.settings().compensation_threshold)
		values = {
			"solution": solution,
			"compensation_amount": amount,
			**done_by("solution_proposed"),
			"client_decision": None,
			"client_decision_at": None,
			"client_decision_by": None,
			"client_decision_note": None,
		}
		if needs_signoff:
			self.transition(("Investigating",), "Solution in Approval", **values)
			submit_for_signoff(self, COMPENSATION)
		else:
			self.transition(("Investigating",), "Solution Proposed", **values)
			self.tell_client(_("A solution has been proposed for your complaint {0}").format(self.name))

	def on_signoff_approved(self, purpose):
		if purpose == COMPENSATION:
			self.reload()
			self.transition(("Solution in Approval",), "Solution Proposed")
			self.tell_client(_("A solution has been proposed for your complaint {0}").format(self.name))

	def on_signoff_rejected(self, purpose, reason):
		if purpose == COMPENSATION:
			self.reload()
			self.transition(("Solution in Approval",), "Investigating", reason)

	def on_signoff_cancelled(self, purpose, reason):
		self.on_signoff_rejected(purpose, reason)

	@frappe.whitelist()
	def record_client_decision(self, decision: str, note: str | None = None):
		"""Staff record the client's answer to the proposed solution (the client can also answer on the portal)."""
		self.staff_only()
		self.decide(decision, note)

	def decide(self, decision: str, note: str | None = None):
		why = _("Write down why the client rejects the solution.")
		accepted = client_says_yes(decision, note, ("Accepted", "Rejected"), why, ComplaintError)
		to = "Client Agreed" if accepted else "Investigating"
		self.transition(
			("Solution Proposed",),
			to,
			note,
			client_decision=decision,
			**done_by("client_decision"),
			client_decision_note=note,
		)
		if decision == "Rejected" and self.investigator:
			notify.alert(
				self.investigator, _("The client rejected the solution for {0}").format(self.name), self
			)

	@frappe.whitelist()
	def start_execution(self, note: str | None = None):
		self.staff_only()
		self.transition(
			("Client Agreed",),
			"Executing",
			note,
			**done_by("execution_started"),
		)

	@frappe.whitelist()
	def mark_resolved(self, resolution_summary: str):
		self.staff_only()
		if not (resolution_summary or "").strip():
			throw(_("Summarise what was done for the client."))
		now = now_datetime()
		late = bool(self.sla_resolution_by) and now > get_datetime(self.sla_resolution_by)
		self.transition(
			("Executing",),
			"Resolved",
			**done_by("resolved", now),
			resolution_summary=resolution_summary,
			resolution_breached=cint(self.resolution_breached or late),
		)
		self.tell_client(
			_("Your complaint {0} has been resolved: please tell us how we did").format(self.name)
		)

	@frappe.whitelist()
	def record_follow_up(self, satisfied: str, rating: int | str | None = None, note: str | None = None):
		"""The follow-up call: a satisfied client closes the complaint, an unsatisfied one reopens it."""
		self.staff_only()
		self.follow_up(satisfied, rating, note)

	def follow_up(self, satisfied: str, rating=None, note: str | None = None):
		if satisfied not in ("Yes", "No"):
			throw(_("Say whether the client is satisfied: Yes or No."))
		stars = flt(rating)  # 1–5 stars, or 0 when not given; Frappe stores a rating as a 0–1 fraction
		if stars and not 1 <= stars <= 5:
			throw(_("The rating is from 1 to 5 stars."))
		rating = stars / 5
		if satisfied == "No" and not (note or "").strip():
			throw(_("Write down why the client is not satisfied."))
		values = {
			**done_by("follow_up"),
			"client_satisfied": satisfied,
			"client_rating": rating,
			"follow_up_note": note,
		}
		if satisfied == "Yes":
			self.transition(
				("Resolved",),
				"Closed",
				note,
				**done_by("closed"),
				**values,
			)
			self.after_close()
		else:
			self.transition(("Resolved",), "Investigating", note, **values, **self.reopen_values())

	def reopen_values(self):
		return {
			"reopen_count": cint(self.reopen_count) + 1,
			"client_decision": None,
			"client_decision_at": None,
			"client_decision_by": None,
			"client_decision_note": None,
			"resolved_at": None,
			"resolved_by": None,
			"closed_at": None,
			"closed_by": None,
		}

	@frappe.whitelist()
	def reopen(self, reason: str):
		self.staff_only()
		if not (reason or "").strip():
			throw(_("Say why the complaint is reopened."))
		self.transition(FULFILLED_STATUSES, "Investigating", reason, **self.reopen_values())

	def after_close(self):
		if cint(agreements.settings().survey_after_close):
			from agency_service.surveys.invitations import invite_client_contacts

			invite_client_contacts(self.customer, "Complaint Closed", self.doctype, self.name)

	@frappe.whitelist()
	def create_case(self, summary: str, lesson: str, prevention: str):
		"""Summarise a closed complaint into the knowledge base (case, lesson, prevention)."""
		self.staff_only()
		if self.status != "Closed":
			throw(_("A knowledge case is written once the complaint is closed."))
		if self.knowledge_case:
			throw(_("This complaint already has knowledge case {0}.").format(self.knowledge_case))
		case = frappe.get_doc(
			{
				"doctype": "Complaint Case",
				"title": self.subject,
				"complaint": self.name,
				"category": self.category,
				"root_cause": self.root_cause,
				"responsible_department": self.responsible_department,
				"summary": summary,
				"lesson": lesson,
				"prevention": prevention,
			}
		).insert()
		with controlled_change():
			self.db_set("knowledge_case", case.name, notify=True)
		return case.name

	# --- telling the client -------------------------------------------------------------------------

	def client_emails(self) -> list[str]:
		emails = []
		if self.contact:
			emails.append(frappe.db.get_value("Contact", self.contact, "email_id"))
		emails.append(self.raised_by)
		return sorted({e for e in emails if e})

	def tell_client(self, subject: str):
		recipients = self.client_emails()
		if not recipients:
			return
		link = frappe.utils.get_url(f"/complaints/{self.name}")
		message = _("{0}. See the details and answer on the client portal: {1}").format(
			frappe.utils.escape_html(subject), f'<a href="{link}">{link}</a>'
		)
		notify.email(recipients, subject, message, reference_doctype=self.doctype, reference_name=self.name)

	def notify_communication(self, communication):
		"""The first email received becomes the content of a complaint made by email; an email sent to
		the client from the complaint is a first response."""
		if (
			communication.sent_or_received == "Received"
			and self.channel == "Email"
			and self.status == "Registered"
			and frappe.db.count(
				"Communication",
				{
					"reference_doctype": self.doctype,
					"reference_name": self.name,
					"sent_or_received": "Received",
				},
			)
			== 1
		):
			self.db_set("content", frappe.utils.sanitize_html(communication.content or ""), notify=True)
		if (
			self.status == "Registered"
			and self.customer
			and communication.sent_or_received == "Sent"
			and communication.communication_type == "Communication"
			and not access.is_portal_user()
		):
			self.acknowledge("Email", _("Answered by email."), communication.creation)


def done_by(action: str, at: datetime.datetime | None = None) -> dict:
	"""Who did ``action`` and when: the complaint's ``{action}_at`` and ``{action}_by`` fields."""
	return {f"{action}_at": at or now_datetime(), f"{action}_by": frappe.session.user}


def client_of_email(email: str) -> str | None:
	"""The client whose contact has this email address (the first, when several do)."""
	contact = contact_of_email(email)
	if not contact:
		return None
	return frappe.db.get_value(
		"Dynamic Link", {"parenttype": "Contact", "parent": contact, "link_doctype": "Customer"}, "link_name"
	)


def contact_of_email(email: str, customer: str | None = None) -> str | None:
	contacts = frappe.get_all("Contact Email", filters={"email_id": email}, pluck="parent")
	for contact in contacts:
		if not customer or is_contact_of(contact, customer):
			return contact
	return None
