# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from agency_service.clients.archive import handover_checklist
from agency_service.clients.handover import (
	HANDED_OVER,
	STAND_IN_ACTIVE,
	STAND_IN_ENDED,
	TEAM_ROLE_FIELDS,
	carry_out,
	end_stand_in,
	is_stand_in,
)
from agency_service.guard import ActionDocument, controlled_change, refuse_uncontrolled_changes
from agency_service.signoff.engine import submit_for_signoff

HANDOVER_PURPOSE = "handover"
DRAFT, AWAITING_SIGNOFF = "Draft", "Awaiting Sign-off"
PROTECTED_FIELDS = (
	"status",
	"handed_over_at",
	"items_moved",
	"ended_at",
	"items_returned",
	"moved_summary",
)


class HandoverError(frappe.ValidationError):
	pass


class ClientHandover(ActionDocument):
	"""A client handed from one account manager or executive to another (交接), or to a stand-in for a
	period (职务代理人). Signed by both people and the Client Service Head; then its open items move."""

	# the outgoing and incoming person sign what the handover says of them, whoever raised it
	signers_acknowledge = True

	def validate(self):
		refuse_uncontrolled_changes(self, PROTECTED_FIELDS)
		self.validate_not_after_signoff()
		self.validate_people()
		self.validate_period()
		if self.is_new() and not self.checklist:
			self.set("checklist", handover_checklist(self.customer))

	def validate_not_after_signoff(self):
		before = self.get_doc_before_save()
		if before and before.status not in (DRAFT,):
			throw(_("{0} has been submitted and can no longer be changed.").format(frappe.bold(self.name)))

	def validate_people(self):
		if self.outgoing_user == self.incoming_user:
			throw(_("A client cannot be handed over to the person who keeps it."))
		enabled, user_type = frappe.db.get_value("User", self.incoming_user, ["enabled", "user_type"]) or (
			0,
			None,
		)
		if not enabled or user_type != "System User":
			throw(
				_("{0} is disabled or not a staff user: a client cannot be handed over to them.").format(
					frappe.bold(self.incoming_user)
				)
			)
		holder = frappe.db.get_value("Customer", self.customer, TEAM_ROLE_FIELDS[self.team_role])
		if holder != self.outgoing_user:
			throw(
				_("{0} is not the {1} of {2}.").format(
					frappe.bold(self.outgoing_user), _(self.team_role), frappe.bold(self.customer)
				)
			)

	def validate_period(self):
		if not is_stand_in(self):
			self.to_date = None
			return
		if not self.to_date:
			throw(_("Give the last day of the stand-in period."))
		if getdate(self.to_date) < getdate(self.from_date):
			throw(_("The stand-in period cannot end before it starts."))

	@frappe.whitelist()
	def submit_for_signoff(self):
		"""Send the handover to both people and the Client Service Head for their signatures."""
		self.check_permission("write")
		if self.status != DRAFT:
			throw(_("Only a draft handover can be submitted."))
		undone = [row.idx for row in self.checklist if not row.done]
		if undone:
			throw(
				_("Tick every checklist item once it has been handed over (rows {0}).").format(
					", ".join(map(str, undone))
				)
			)
		self.validate_people()
		with controlled_change():
			self.db_set("status", AWAITING_SIGNOFF)
		submit_for_signoff(self, HANDOVER_PURPOSE)

	def on_signoff_approved(self, purpose):
		if purpose != HANDOVER_PURPOSE:
			return
		self.apply_handover()

	def apply_handover(self) -> dict:
		"""Move the client's open items now (idempotent: what has moved is not found again)."""
		moved = carry_out(self)
		total = sum(moved.values())
		with controlled_change():
			self.db_set(
				{
					"status": STAND_IN_ACTIVE if is_stand_in(self) else HANDED_OVER,
					"handed_over_at": self.handed_over_at or now_datetime(),
					"items_moved": (self.items_moved or 0) + total,
					"moved_summary": describe(moved),
				}
			)
		self.add_comment("Info", _("Handed over: {0} open items moved.").format(total))
		return moved

	def finish_stand_in(self) -> dict:
		"""The stand-in period is over: hand everything of the client back (the daily job calls this)."""
		if self.status != STAND_IN_ACTIVE:
			return {}
		moved = end_stand_in(self)
		total = sum(moved.values())
		with controlled_change():
			self.db_set({"status": STAND_IN_ENDED, "ended_at": now_datetime(), "items_returned": total})
		self.add_comment("Info", _("Stand-in period ended: {0} open items returned.").format(total))
		return moved

	def on_signoff_rejected(self, purpose, reason):
		if purpose == HANDOVER_PURPOSE:
			with controlled_change():
				self.db_set("status", DRAFT)

	def on_signoff_cancelled(self, purpose, reason):
		self.on_signoff_rejected(purpose, reason)


def describe(moved: dict) -> str:
	return "\n".join(f"{_(doctype)}: {count}" for doctype, count in moved.items() if count)


def throw(message: str):
	frappe.throw(message, title=_("Client Handover"), exc=HandoverError)
