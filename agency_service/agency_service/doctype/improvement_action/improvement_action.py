# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as add_assignment
from frappe.desk.form.assign_to import close_all_assignments
from frappe.utils import getdate, nowdate

from agency_service.guard import ActionDocument, controlled_change, refuse_uncontrolled_changes
from agency_service.job_lock import runs_alone
from agency_service.notify import reminded_today, send_digests

DOCTYPE = "Improvement Action"
OPEN, IN_PROGRESS, DONE, NOT_EFFECTIVE = "Open", "In Progress", "Done", "Not Effective"
OUTCOMES = ("Effective", NOT_EFFECTIVE)
PROTECTED_FIELDS = ("status", "started_on", "completed_on", "effect_check", "effect_checked_by")


class ImprovementError(frappe.ValidationError):
	pass


class ImprovementAction(ActionDocument):
	"""An improvement from the quarterly complaint analysis (投诉分析与改进, 000 ch.7): Open → In Progress →
	Done once its effect was checked, or Not Effective (then worked on again). The owner gets it as a
	ToDo (Frappe's assignment) until it is done."""

	def validate(self):
		refuse_uncontrolled_changes(self, PROTECTED_FIELDS)
		complaints = [row.complaint for row in self.complaints]
		if len(set(complaints)) != len(complaints):
			throw(_("Each complaint is linked once."))
		if self.has_value_changed("due_date") and getdate(self.due_date) < getdate(nowdate()):
			throw(_("{0} cannot be in the past.").format(frappe.bold(_("Due Date"))))

	def after_insert(self):
		self.assign_owner()

	def on_update(self):
		if not self.is_new() and self.has_value_changed("responsible") and self.status != DONE:
			self.assign_owner()

	def assign_owner(self):
		add_assignment(
			{
				"doctype": self.doctype,
				"name": self.name,
				"assign_to": [self.responsible],
				"date": self.due_date,
				"description": self.title,
			},
			ignore_permissions=True,
		)

	@frappe.whitelist()
	def start_work(self):
		self.check_permission("write")
		self.move((OPEN, NOT_EFFECTIVE), IN_PROGRESS, started_on=self.started_on or nowdate())

	@frappe.whitelist()
	def mark_done(self, effect_check: str, outcome: str):
		"""Close the action with how its effect was checked: Effective → Done; Not Effective → work on it."""
		self.check_permission("write")
		if outcome not in OUTCOMES:
			throw(_("The outcome is one of: {0}.").format(", ".join(_(o) for o in OUTCOMES)))
		if not (effect_check or "").strip():
			throw(_("Write how the effect was checked and what it showed."))
		status = DONE if outcome == "Effective" else NOT_EFFECTIVE
		self.move(
			(IN_PROGRESS,),
			status,
			effect_check=effect_check,
			effect_checked_by=frappe.session.user,
			completed_on=nowdate() if status == DONE else None,
		)
		if status == DONE:
			close_all_assignments(self.doctype, self.name)

	def move(self, allowed_from: tuple[str, ...], to: str, **values):
		if self.status not in allowed_from:
			throw(_("This cannot be done while the action is {0}.").format(frappe.bold(_(self.status))))
		with controlled_change():
			self.db_set({"status": to, **values}, notify=True)
		self.add_comment("Info", _("Status: {0}").format(_(to)))


@runs_alone
def remind_overdue_actions_job():
	remind_overdue_actions()


def remind_overdue_actions(today=None) -> dict[str, list]:
	"""Once a day, each owner of an action past its due date and not done gets one digest of them."""
	today = getdate(today or nowdate())
	reminded = reminded_today(DOCTYPE)
	digests: dict[str, list] = {}
	for action in frappe.get_all(
		DOCTYPE,
		filters={"status": ["!=", DONE], "due_date": ["<", today]},
		fields=["name", "title", "responsible", "due_date"],
		order_by="due_date",
	):
		if action.responsible not in reminded:
			text = _("{0} was due on {1}.").format(action.title, action.due_date)
			digests.setdefault(action.responsible, []).append((DOCTYPE, action.name, text))
	send_digests(
		digests,
		lambda count: _("{0} improvement actions are overdue").format(count),
		_("and {0} more overdue improvement actions"),
	)
	return digests


def throw(message):
	frappe.throw(message, title=_("Improvement Action"), exc=ImprovementError)
