# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import now_datetime, strip_html

from agency_service.guard import ActionDocument, controlled_change, refuse_uncontrolled_changes

PROTECTED_FIELDS = ("status", "completed_on")
REVIEW_FIELDS = ("went_well", "went_badly", "lessons")
REVIEW = "Post-Project Review"
REVIEWED_STATUSES = ("Client Approved", "Archived")


class PostProjectReviewError(frappe.ValidationError):
	pass


class PostProjectReview(ActionDocument):
	"""The summary review after a work order is completed (总结评估): what went well, what did not, the
	lessons; led by the client's account executive, one per work order. Completed, it is a record."""

	def validate(self):
		refuse_uncontrolled_changes(self, PROTECTED_FIELDS)
		self.validate_work_order()
		self.validate_completed_unchanged()

	def validate_work_order(self):
		if not self.is_new():
			return
		existing = frappe.db.get_value(REVIEW, {"work_order": self.work_order}, "name")
		if existing:
			throw(
				_("Work order {0} has its post-project review already: {1}.").format(
					frappe.bold(self.work_order), frappe.bold(existing)
				)
			)
		status = frappe.db.get_value("Client Work Order", self.work_order, "status")
		if status not in REVIEWED_STATUSES:
			throw(_("A post-project review follows the client's approval of the work order."))

	def validate_completed_unchanged(self):
		if self.is_new() or self.get_doc_before_save().status != "Completed":
			return
		changed = [f for f in (*REVIEW_FIELDS, "review_owner", "review_date") if self.has_value_changed(f)]
		if changed:
			throw(_("A completed post-project review cannot be changed."))

	@frappe.whitelist()
	def complete(self):
		"""Close the review once what went well, what did not and the lessons are written down."""
		self.check_permission("write")
		if self.status == "Completed":
			throw(_("This review is completed already."))
		missing = [f for f in REVIEW_FIELDS if not strip_html(self.get(f) or "").strip()]
		if missing:
			throw(
				_("Write {0} before completing the review.").format(
					", ".join(frappe.bold(_(self.meta.get_label(f))) for f in missing)
				)
			)
		with controlled_change():
			self.db_set({"status": "Completed", "completed_on": now_datetime()}, notify=True)
		self.add_comment("Info", _("Status: {0}").format(_("Completed")))


def throw(message: str):
	frappe.throw(message, title=_("Post-Project Review"), exc=PostProjectReviewError)
