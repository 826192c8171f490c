# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import flt, getdate

from agency_service.clients.admission import (
	ADMISSION_PURPOSE,
	PROTECTED_FIELDS,
	admit_client,
	find_duplicate,
)
from agency_service.guard import ActionDocument, controlled_change, refuse_uncontrolled_changes
from agency_service.signoff.engine import submit_for_signoff


class AdmissionError(frappe.ValidationError):
	pass


class ClientAdmission(ActionDocument):
	def validate(self):
		refuse_uncontrolled_changes(self, PROTECTED_FIELDS)
		self.validate_not_after_decision()
		self.validate_company_name()
		self.validate_duplicate()
		self.validate_campaign_dates()
		self.validate_amounts()

	def validate_not_after_decision(self):
		before = self.get_doc_before_save()
		if before and before.status == "Approved":
			throw(_("{0} has been approved and can no longer be changed.").format(frappe.bold(self.name)))

	def validate_company_name(self):
		# validate runs before Frappe's mandatory check: the duplicate search needs the name first
		if not (self.company_name or "").strip():
			throw(_("{0} is needed.").format(frappe.bold(_(self.meta.get_label("company_name")))))

	def validate_duplicate(self):
		duplicate = find_duplicate(self)
		if duplicate:
			throw(duplicate)

	def validate_campaign_dates(self):
		if (
			self.campaign_start
			and self.campaign_end
			and getdate(self.campaign_end) < getdate(self.campaign_start)
		):
			throw(_("The campaign cannot end before it starts."))

	def validate_amounts(self):
		for fieldname in ("budget", "proposed_credit_limit"):
			if flt(self.get(fieldname)) < 0:
				throw(_("{0} cannot be negative.").format(frappe.bold(_(self.meta.get_label(fieldname)))))

	def validate_signoff_values(self, values: dict):
		if "credit_rating" in values and values["credit_rating"] not in ("A", "B", "C", "D"):
			throw(_("Credit rating must be A, B, C or D."))
		if "proposed_credit_limit" in values and flt(values["proposed_credit_limit"]) < 0:
			throw(_("{0} cannot be negative.").format(frappe.bold(_("Credit Limit"))))

	@frappe.whitelist()
	def submit_for_review(self):
		self.check_permission("write")
		if self.status not in ("Draft", "Rejected"):
			throw(_("Only a draft or rejected application can be submitted."))
		with controlled_change():
			self.db_set({"status": "Under Review", "rejection_reason": None})
		submit_for_signoff(self, ADMISSION_PURPOSE)

	def on_signoff_approved(self, purpose):
		if purpose == ADMISSION_PURPOSE:
			customer = admit_client(self)
			self.db_set({"status": "Approved", "customer": customer})

	def on_signoff_rejected(self, purpose, reason):
		if purpose == ADMISSION_PURPOSE:
			self.db_set({"status": "Rejected", "rejection_reason": reason})

	def on_signoff_cancelled(self, purpose, reason):
		if purpose == ADMISSION_PURPOSE:
			self.db_set("status", "Draft")


def throw(message):
	frappe.throw(message, title=_("Client Admission"), exc=AdmissionError)
