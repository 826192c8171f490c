# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import now_datetime

from agency_service import notify
from agency_service.guard import (
	ActionDocument,
	controlled_change,
	refuse_changes_to,
	refuse_uncontrolled_changes,
)
from agency_service.reporting.drafts import activity_rows, report_period, reviewing_managers
from agency_service.roles import ACCOUNT_DIRECTOR, ACCOUNT_MANAGER, CLIENT_SERVICE_HEAD

DRAFT, SUBMITTED, REVIEWED = "Draft", "Submitted", "Reviewed"
PROTECTED_FIELDS = ("status", "submitted_on", "manager_comment", "reviewed_by", "reviewed_on")
WRITTEN_BY_THE_EXECUTIVE = ("summary", "problems", "next_period_plan")
REVIEWERS = (ACCOUNT_MANAGER, ACCOUNT_DIRECTOR, CLIENT_SERVICE_HEAD)


class ReportError(frappe.ValidationError):
	pass


class AccountExecutiveReport(ActionDocument):
	"""客户专员日报 / 周报. Draft (from the records of the period, completed by the executive) → Submitted
	(with the plan for the next period) → Reviewed (the manager's comment)."""

	def validate(self):
		refuse_uncontrolled_changes(self, PROTECTED_FIELDS)
		self.period_start, self.period_end = report_period(self.report_type, self.period_start)
		self.validate_one_per_period()
		self.validate_author()
		if not self.is_new() and self.get_doc_before_save() and self.get_doc_before_save().status != DRAFT:
			refuse_changes_to(
				self,
				WRITTEN_BY_THE_EXECUTIVE,
				_("{0} cannot change once the report is submitted."),
				ReportError,
			)
		if not self.manager:
			self.manager = reviewing_managers([self.executive]).get(self.executive)
		self.hours = sum(row.hours or 0 for row in self.activities)

	def validate_one_per_period(self):
		other = frappe.db.get_value(
			self.doctype,
			{
				"executive": self.executive,
				"report_type": self.report_type,
				"period_start": self.period_start,
				"name": ("!=", self.name),
			},
		)
		if other:
			throw(
				_("{0} already has a {1} report for {2}: {3}.").format(
					frappe.bold(self.executive_name or self.executive),
					_(self.report_type),
					frappe.format(self.period_start, {"fieldtype": "Date"}),
					frappe.bold(other),
				)
			)

	def validate_author(self):
		user = frappe.session.user
		if (
			self.is_new()
			and self.executive != user
			and not set(frappe.get_roles(user)) & {*REVIEWERS, "System Manager"}
		):
			throw(_("You write your own reports only."))

	def before_insert(self):
		if not self.activities:
			self.fill_activities()

	def fill_activities(self):
		start, end = report_period(self.report_type, self.period_start)
		self.set("activities", activity_rows(self.executive, start, end))

	@frappe.whitelist()
	def refresh_from_records(self):
		"""Draft the activities again from the records of the period (what was typed in them is replaced)."""
		self.check_permission("write")
		self.require(DRAFT)
		self.fill_activities()
		self.save()

	@frappe.whitelist()
	def submit_report(self):
		self.check_permission("write")
		self.require(DRAFT)
		if frappe.session.user != self.executive:
			throw(
				_("Only {0} submits this report.").format(frappe.bold(self.executive_name or self.executive))
			)
		if not (self.next_period_plan or "").strip():
			throw(_("Write the plan for the next period before submitting."))
		with controlled_change():
			self.db_set({"status": SUBMITTED, "submitted_on": now_datetime()}, notify=True)
		if self.manager:
			notify.alert(
				self.manager,
				_("{0} submitted a {1} report").format(
					self.executive_name or self.executive, _(self.report_type)
				),
				self,
			)

	@frappe.whitelist()
	def review(self, comment: str):
		self.require(SUBMITTED)
		user = frappe.session.user
		if user == self.executive or not (
			user == self.manager or set(frappe.get_roles(user)) & set(REVIEWERS)
		):
			frappe.throw(_("Only the reviewing manager reviews this report."), frappe.PermissionError)
		if not (comment or "").strip():
			throw(_("Write a comment for the executive."))
		with controlled_change():
			self.db_set(
				{
					"status": REVIEWED,
					"manager_comment": comment,
					"reviewed_by": user,
					"reviewed_on": now_datetime(),
				},
				notify=True,
			)
		notify.alert(self.executive, _("Your {0} report was reviewed").format(_(self.report_type)), self)

	def require(self, status: str):
		if self.status != status:
			throw(_("This cannot be done while the report is {0}.").format(frappe.bold(_(self.status))))


def throw(message):
	frappe.throw(message, title=_("Account Executive Report"), exc=ReportError)
