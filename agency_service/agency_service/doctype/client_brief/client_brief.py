# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from agency_service.delivery.briefs import (
	BriefError,
	check_lead_time,
	check_requirement,
	lead_type_of_brief,
)
from agency_service.guard import ActionDocument, in_controlled_change, refuse_uncontrolled_changes

# stamped when the client submits its requirement list on the portal (delivery.briefs)
CLIENT_STAMPS = ("requirements_submitted_by", "requirements_submitted_at")
ROW_STAMPS = ("from_client", "submitted_by")


class ClientBrief(ActionDocument):
	"""简报: the brief of a work order — objective, audience, proposition, mandatories, budget, timing and
	the approvals needed — with the client's requirement list, each requirement prioritised (Must / Should
	/ Could) and noted by the agency for feasibility, cost and effect. Staff write it in the desk; the
	client's contacts add their requirements on the portal (/work)."""

	def validate(self):
		refuse_uncontrolled_changes(self, CLIENT_STAMPS)
		self.validate_work_order()
		self.validate_lead_time()
		self.validate_requirements()

	def validate_work_order(self):
		work_order = frappe.db.get_value(
			"Client Work Order", self.work_order, ["customer", "work_order_type"], as_dict=True
		)
		if not work_order:
			throw(_("Work order {0} does not exist.").format(frappe.bold(self.work_order)))
		if not self.is_new() and self.has_value_changed("work_order"):
			throw(_("A brief stays with the work order it was written for."))
		self.customer, self.work_order_type = work_order.customer, work_order.work_order_type

	def validate_lead_time(self):
		if not (
			self.is_new() or any(self.has_value_changed(f) for f in ("briefed_on", "needed_by", "brief_type"))
		):
			return
		if self.has_value_changed("briefed_on") and getdate(self.briefed_on) < getdate(nowdate()):
			# the lead time counts from the day the brief is really given, not from a date written back
			throw(_("{0} cannot be in the past.").format(frappe.bold(_("Briefed On"))))
		if self.needed_by and getdate(self.needed_by) < getdate(self.briefed_on):
			throw(_("{0} cannot be before the brief.").format(frappe.bold(_("Needed By"))))
		check_lead_time(
			lead_type_of_brief(self.brief_type, self.work_order_type), self.briefed_on, self.needed_by
		)

	def validate_requirements(self):
		before = None if self.is_new() else self.get_doc_before_save()
		stored = {row.name: row for row in (before.requirements if before else [])}
		for row in self.requirements:
			check_requirement(row.requirement, row.priority, row.idx)
			if in_controlled_change():
				continue
			kept = stored.get(row.name)
			if any((row.get(f) or None) != ((kept.get(f) if kept else None) or None) for f in ROW_STAMPS):
				throw(_("Requirement {0}: who submitted it is recorded by the portal only.").format(row.idx))


def throw(message):
	frappe.throw(message, title=_("Brief"), exc=BriefError)
