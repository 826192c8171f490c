# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import flt, now_datetime, nowdate

from agency_service.guard import ActionDocument, controlled_change, refuse_uncontrolled_changes
from agency_service.roles import CREDIT_MANAGERS
from agency_service.setup.custom_fields import CREDIT_RATINGS

KEEP, LOWER, SUSPEND, LIFT = "Keep", "Lower Limit", "Suspend", "Lift Suspension"
DECIDED_FIELDS = (
	"customer",
	"client_tier",
	"due_date",
	"status",
	"reviewed_by",
	"completed_on",
	"current_rating",
	"current_limit",
	"overdue_amount",
	"was_suspended",
	"decision",
	"new_limit",
	"new_rating",
	"reason",
)


class CreditReviewError(frappe.ValidationError):
	pass


class CreditReview(ActionDocument):
	"""信用复评: opened by the daily schedule for a client whose tier's period has passed; the Credit Reviewer
	decides once — keep, lower the limit, suspend, or lift a suspension — and the client follows."""

	def validate(self):
		refuse_uncontrolled_changes(self, DECIDED_FIELDS)

	def on_trash(self):
		if self.status == "Completed":
			throw(_("A completed credit review is part of the client's credit file and cannot be deleted."))

	@frappe.whitelist()
	def complete(
		self,
		decision: str,
		reason: str,
		new_limit: float | None = None,
		new_rating: str | None = None,
	):
		self.check_permission("write")
		if not set(frappe.get_roles()) & set(CREDIT_MANAGERS):
			frappe.throw(
				_("Only a Credit Reviewer or Agency Management decides a credit review."),
				title=_("Not Permitted"),
				exc=frappe.PermissionError,
			)
		if self.status != "Open":
			throw(_("This credit review has been decided already."))
		if decision not in (KEEP, LOWER, SUSPEND, LIFT):
			throw(_("Decide one of: {0}.").format(", ".join(_(d) for d in (KEEP, LOWER, SUSPEND, LIFT))))
		if not (reason or "").strip():
			throw(_("Give the reason for the decision."))
		if new_rating not in (None, "", *CREDIT_RATINGS):
			throw(_("Credit rating must be A, B, C or D."))
		client = frappe.get_doc("Customer", self.customer, for_update=True)
		suspended = bool(client.get("credit_suspended"))
		if decision == LOWER:
			self.check_lower_limit(client, new_limit)
		if decision == LIFT and not suspended:
			throw(_("{0} is not suspended.").format(frappe.bold(client.customer_name)))
		if decision == SUSPEND and suspended:
			throw(_("{0} is suspended already.").format(frappe.bold(client.customer_name)))
		with controlled_change():
			self.apply_to_client(client, decision, reason, new_limit, new_rating)
			self.db_set(
				{
					"status": "Completed",
					"decision": decision,
					"reason": reason,
					"new_limit": flt(new_limit) if decision == LOWER else 0,
					"new_rating": new_rating or None,
					"reviewed_by": frappe.session.user,
					"completed_on": now_datetime(),
				},
				notify=True,
			)
		self.add_comment("Info", _("{0}: {1}").format(_(decision), frappe.utils.escape_html(reason)))

	def check_lower_limit(self, client, new_limit):
		limits = [flt(row.credit_limit) for row in client.credit_limits]
		if new_limit is None or flt(new_limit) < 0:
			throw(_("Give the new, lower credit limit."))
		if not limits:
			throw(_("{0} has no credit limit to lower.").format(frappe.bold(client.customer_name)))
		if flt(new_limit) >= min(limits):
			throw(
				_("A credit review lowers the limit: {0} is not below the current {1}.").format(
					frappe.format_value(flt(new_limit), {"fieldtype": "Currency"}),
					frappe.format_value(min(limits), {"fieldtype": "Currency"}),
				)
			)

	def apply_to_client(self, client, decision, reason, new_limit, new_rating):
		values = {"last_credit_review": nowdate()}
		if new_rating:
			values["credit_rating"] = new_rating
		if decision == SUSPEND:
			values.update(credit_suspended=1, credit_suspension_reason=reason)
		elif decision == LIFT:
			values.update(credit_suspended=0, credit_suspension_reason=None)
		if decision == LOWER:
			for row in client.credit_limits:
				row.db_set("credit_limit", min(flt(row.credit_limit), flt(new_limit)))
		frappe.db.set_value("Customer", client.name, values)
		client.add_comment(
			"Info",
			_("Credit review {0}: {1} — {2}").format(
				self.name, _(decision), frappe.utils.escape_html(reason)
			),
		)


def throw(message):
	frappe.throw(message, title=_("Credit Review"), exc=CreditReviewError)
