# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from agency_service.health.signals import revenue_by_year, windows

WON_BACK = "Won Back"


class LostClientError(frappe.ValidationError):
	pass


class LostClient(Document):
	"""A client the agency lost (客户流失), why (reasons from the Client Loss Reason master) and the plan to
	win it back."""

	def validate(self):
		self.validate_reasons()
		self.validate_dates()
		if self.is_new():
			self.validate_not_lost_already()
			self.record_figures_when_lost()

	def on_update(self):
		self.keep_client_disabled_while_lost()

	def validate_not_lost_already(self):
		open_record = frappe.db.get_value(
			"Lost Client", {"customer": self.customer, "win_back_status": ["!=", WON_BACK]}, "name"
		)
		if open_record:
			throw(_("This client is already recorded as lost in {0}.").format(frappe.bold(open_record)))

	def validate_reasons(self):
		reasons = [row.loss_reason for row in self.reasons if row.loss_reason]
		if not reasons:
			throw(_("Record at least one loss reason: why did the client leave?"))
		if len(set(reasons)) != len(reasons):
			throw(_("Each loss reason is listed once."))

	def validate_dates(self):
		if self.lost_on and getdate(self.lost_on) > getdate(nowdate()):
			throw(_("{0} cannot be in the future.").format(frappe.bold(_("Lost On"))))
		if self.win_back_due and self.lost_on and getdate(self.win_back_due) < getdate(self.lost_on):
			throw(_("The win-back is due on or after the day the client was lost."))
		if self.win_back_status in ("In Progress", "Won Back") and not (self.win_back_plan or "").strip():
			throw(_("Write the win-back plan before working on it."))

	def keep_client_disabled_while_lost(self):
		"""A lost client is disabled in ERPNext (no new orders or invoices) until it is won back."""
		lost = self.win_back_status != WON_BACK
		customer = frappe.get_doc("Customer", self.customer)
		if bool(customer.disabled) == lost:
			return
		customer.db_set("disabled", int(lost), notify=True)
		text = _("Lost: disabled ({0}).") if lost else _("Won back: enabled again ({0}).")
		customer.add_comment("Info", text.format(self.name))

	def record_figures_when_lost(self):
		revenue = revenue_by_year([self.customer], windows(self.lost_on or nowdate()))
		self.revenue_last_12_months = revenue.get(self.customer, (0.0, 0.0))[0]
		self.health_score = frappe.db.get_value("Client Health", self.customer, "score") or 0


def throw(message):
	frappe.throw(message, title=_("Lost Client"), exc=LostClientError)
