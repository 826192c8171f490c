# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from agency_service.compliance.review import ContentReviewError, content_authors
from agency_service.guard import in_controlled_change


class AdContentReview(Document):
	"""广告内容审核: what a work order's content was when it was checked, every term found in it, and Legal's
	sign-off. Made only by the work order's Request Content Review action; what it records never changes
	afterwards (a changed deliverable gets a new review)."""

	def validate(self):
		if not in_controlled_change():
			frappe.throw(
				_("An ad-content review records what was checked and cannot be written or changed by hand."),
				title=_("Not Allowed"),
				exc=ContentReviewError,
			)

	def on_trash(self):
		frappe.throw(
			_("An ad-content review is part of the compliance record and cannot be deleted."),
			title=_("Not Allowed"),
			exc=ContentReviewError,
		)

	def get_authors(self) -> set[str]:
		return content_authors(self)

	def on_signoff_approved(self, purpose):
		self.tell_work_order(_("Legal approved the content (review {0}).").format(self.name))

	def on_signoff_rejected(self, purpose, reason):
		self.tell_work_order(
			_("Legal rejected the content (review {0}): {1}").format(
				self.name, frappe.utils.escape_html(reason)
			)
		)

	def tell_work_order(self, text: str):
		frappe.get_doc("Client Work Order", self.work_order).add_comment("Info", text)
