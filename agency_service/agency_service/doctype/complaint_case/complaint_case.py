# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import strip_html


class ComplaintCase(Document):
	"""A knowledge-base case: what happened, the lesson and how to prevent it (internal, never on the portal)."""

	def validate(self):
		for fieldname in ("summary", "lesson", "prevention"):
			if not strip_html(self.get(fieldname) or "").strip():
				frappe.throw(
					_("{0} is needed for a knowledge case.").format(
						frappe.bold(_(self.meta.get_label(fieldname)))
					)
				)
