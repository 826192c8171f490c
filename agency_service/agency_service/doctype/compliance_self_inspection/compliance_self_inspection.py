# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from agency_service.compliance.audit import audit_figures
from agency_service.guard import (
	ActionDocument,
	controlled_change,
	refuse_uncontrolled_changes,
)

FIGURES = {
	"reviews": "reviews",
	"approved_reviews": "approved",
	"rejected_reviews": "rejected",
	"terms_found": "hits",
	"delivered_without_review": "delivered_without_review",
}
PROTECTED_FIELDS = ("status", "completed_on", *FIGURES)


def checklist() -> list[str]:
	"""The periodic self-inspection of advertising compliance (004 §5.3.3)."""
	return [
		_("Every deliverable sent to a client or the media had an approved ad-content review."),
		_("The term list follows the current advertising law and its implementing rules."),
		_("Every health, medical, finance or education claim in approved copy has its proof on file."),
		_("Every endorser's written consent and real use of the product are on file."),
		_("Rejected content was corrected and reviewed again before it was used."),
		_("Every contract signed in the period had its legal review signed off first."),
		_("Contract changes went through their own sign-off; overdue obligations were followed up."),
		_("The team was trained on the advertising law in the period."),
	]


class ComplianceSelfInspectionError(frappe.ValidationError):
	pass


class ComplianceSelfInspection(ActionDocument):
	"""广告合规自查: a period's audit figures and a checklist Legal works through, then completes."""

	def before_insert(self):
		if not self.items:
			self.set("items", [{"check_item": item} for item in checklist()])
		with controlled_change():
			self.fill_figures()

	def validate(self):
		refuse_uncontrolled_changes(self, PROTECTED_FIELDS)
		if getdate(self.period_end) < getdate(self.period_start):
			throw(_("The period ends before it starts."))
		before = None if self.is_new() else self.get_doc_before_save()
		if before and before.status == "Completed":
			throw(_("A completed self-inspection cannot change."))

	def fill_figures(self):
		figures = audit_figures(self.period_start, self.period_end)
		for fieldname, key in FIGURES.items():
			self.set(fieldname, figures[key])

	@frappe.whitelist()
	def refresh_figures(self):
		self.check_permission("write")
		if self.status == "Completed":
			throw(_("A completed self-inspection keeps the figures it was completed with."))
		with controlled_change():
			self.fill_figures()
			self.save()

	@frappe.whitelist()
	def complete(self):
		self.check_permission("write")
		if self.status == "Completed":
			throw(_("This self-inspection is completed already."))
		for row in self.items:
			if not row.result:
				throw(_("Row {0}: record the result of the check.").format(row.idx))
			if row.result == "Fail" and not (row.notes or "").strip():
				throw(_("Row {0}: a failed check needs its findings and corrective action.").format(row.idx))
		with controlled_change():
			self.fill_figures()
			if self.delivered_without_review and not any(r.result == "Fail" for r in self.items[:1]):
				throw(
					_(
						"{0} work orders were delivered without an approved review: the first check cannot pass."
					).format(self.delivered_without_review)
				)
			self.status = "Completed"
			self.completed_on = now_datetime()
			self.save()


def throw(message):
	frappe.throw(message, title=_("Self-Inspection"), exc=ComplianceSelfInspectionError)
