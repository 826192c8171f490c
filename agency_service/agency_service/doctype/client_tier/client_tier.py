# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

SEVERITIES = ("Critical", "High", "Medium", "Low")
MAX_SURVEY_CADENCE_DAYS = 365


class InvalidServicePolicyError(frappe.ValidationError):
	pass


class ClientTier(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from agency_service.agency_service.doctype.client_tier_complaint_deadline.client_tier_complaint_deadline import (
			ClientTierComplaintDeadline,
		)

		complaint_deadlines: DF.Table[ClientTierComplaintDeadline]
		brand_file_review_days: DF.Int
		description: DF.SmallText | None
		director_contact_required: DF.Check
		is_default: DF.Check
		min_score: DF.Float
		rank: DF.Int
		survey_cadence_days: DF.Int
		tier_name: DF.Data
		visit_cadence_days: DF.Int
	# end: auto-generated types

	def validate(self):
		self.validate_cadences()
		self.validate_min_score()
		self.validate_complaint_deadlines()
		self.validate_single_default()

	def validate_cadences(self):
		for fieldname in (
			"visit_cadence_days",
			"survey_cadence_days",
			"brand_file_review_days",
			"credit_review_days",
		):
			if (self.get(fieldname) or 0) <= 0:
				throw_policy_error(
					_("{0} must be a positive number of days.").format(
						frappe.bold(_(self.meta.get_label(fieldname)))
					)
				)
		if self.survey_cadence_days > MAX_SURVEY_CADENCE_DAYS:
			throw_policy_error(
				_("{0} cannot be more than {1} days: every client is surveyed at least once a year.").format(
					frappe.bold(_(self.meta.get_label("survey_cadence_days"))), MAX_SURVEY_CADENCE_DAYS
				)
			)

	def validate_min_score(self):
		if not 0 <= (self.min_score or 0) <= 100:
			throw_policy_error(_("Minimum Score must be between 0 and 100."))

	def validate_complaint_deadlines(self):
		seen = set()
		for row in self.complaint_deadlines:
			severity = frappe.bold(_(row.severity))
			if row.severity in seen:
				throw_policy_error(
					_("Row {0}: severity {1} is listed more than once.").format(row.idx, severity)
				)
			seen.add(row.severity)
			if (row.response_hours or 0) <= 0:
				throw_policy_error(
					_("Row {0}: the response time for severity {1} must be more than zero hours.").format(
						row.idx, severity
					)
				)
			if (row.resolution_hours or 0) < row.response_hours:
				throw_policy_error(
					_(
						"Row {0}: the resolution time for severity {1} cannot be shorter than its response time."
					).format(row.idx, severity)
				)
		missing = [s for s in SEVERITIES if s not in seen]
		if missing:
			throw_policy_error(
				_("Complaint deadlines are missing for severity: {0}.").format(
					", ".join(frappe.bold(_(s)) for s in missing)
				)
			)

	def validate_single_default(self):
		if not self.is_default:
			return
		other_default = frappe.db.get_value(
			"Client Tier", {"is_default": 1, "name": ("!=", self.name or "")}, "name"
		)
		if other_default:
			throw_policy_error(
				_("{0} is already the default tier. Untick it there first.").format(
					frappe.bold(_(other_default))
				)
			)

	def on_update(self):
		# The tier's complaint deadlines drive its Service Level Agreement for Client Complaint.
		from agency_service.complaints.agreements import sync_tier_agreement

		if frappe.db.exists("DocType", "Client Complaint"):
			sync_tier_agreement(self)

	def on_trash(self):
		from agency_service.complaints.agreements import drop_tier_agreement

		drop_tier_agreement(self.name)

	def get_complaint_deadline(self, severity: str):
		"""Response and resolution hours for a complaint severity."""
		for row in self.complaint_deadlines:
			if row.severity == severity:
				return row
		return None


def throw_policy_error(message: str):
	frappe.throw(message, title=_("Invalid Service Policy"), exc=InvalidServicePolicyError)


def get_default_tier() -> str | None:
	return frappe.db.get_value("Client Tier", {"is_default": 1}, "name")
