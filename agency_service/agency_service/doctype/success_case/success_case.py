# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate, nowdate, strip_html

from agency_service.clients.profile import is_contact_of
from agency_service.guard import ActionDocument, controlled_change, refuse_uncontrolled_changes

# The client's authorisation and the publication change through the actions below, never by a save.
AUTHORISATION_FIELDS = (
	"authorisation_status",
	"authorised_by",
	"authorised_by_name",
	"authorised_on",
	"authorisation_method",
	"authorisation_scope",
	"authorisation_evidence",
	"authorisation_recorded_by",
)
PROTECTED_FIELDS = ("status", "published_on", *AUTHORISATION_FIELDS)
AUTHORISED, PUBLISHED, WITHDRAWN = "Authorised", "Published", "Withdrawn"
METHODS = ("Signed Letter", "Contract Clause", "Email", "In a Meeting (Minuted)")


class SuccessCaseError(frappe.ValidationError):
	pass


class SuccessCase(ActionDocument):
	"""A case in the agency's library of successful work (成功案例). The client's work is used as a case
	only with the client's authorisation (001 §4.4), recorded here — who gave it, when, how, for what
	use — before the case can be published."""

	def validate(self):
		refuse_uncontrolled_changes(self, PROTECTED_FIELDS)
		self.validate_work_order()

	def validate_work_order(self):
		if not self.work_order:
			return
		customer = frappe.db.get_value("Client Work Order", self.work_order, "customer")
		if customer != self.customer:
			throw(
				_("Work order {0} is not work for {1}.").format(
					frappe.bold(self.work_order), frappe.bold(self.customer)
				)
			)

	@frappe.whitelist()
	def record_authorisation(
		self,
		contact: str,
		authorised_on: str,
		how: str,
		scope: str | None = None,
		evidence: str | None = None,
	):
		"""Record the client's permission to use this work as a case: the contact who gave it, the day and
		the way (a signed letter, a contract clause, an email, a minuted meeting)."""
		self.check_permission("write")
		if not contact or not isinstance(contact, str) or not is_contact_of(contact, self.customer):
			throw(
				_("The authorisation is given by a contact of {0}.").format(
					frappe.bold(self.customer_name_or_id())
				)
			)
		if how not in METHODS:
			throw(_("How the client authorised it is one of: {0}.").format(", ".join(_(m) for m in METHODS)))
		day = getdate(authorised_on) if authorised_on else None  # Frappe refuses a date it cannot read
		if not day:
			throw(_("Give the day the client authorised it."))
		if day > getdate(nowdate()):
			throw(_("{0} cannot be in the future.").format(frappe.bold(_("Authorised On"))))
		if how in ("Signed Letter", "Email") and not evidence:
			throw(_("Attach the signed letter or the email as evidence."))
		values = {
			"authorisation_status": AUTHORISED,
			"authorised_by": contact,
			"authorised_by_name": frappe.db.get_value("Contact", contact, "full_name") or contact,
			"authorised_on": day,
			"authorisation_method": how,
			"authorisation_scope": (scope or "").strip() or None,
			"authorisation_evidence": evidence or None,
			"authorisation_recorded_by": frappe.session.user,
		}
		with controlled_change():
			self.db_set(values, notify=True)
		self.add_comment(
			"Info",
			_("Client authorisation recorded: {0}, {1}, {2}").format(
				values["authorised_by_name"], frappe.utils.format_date(day), _(how)
			),
		)

	@frappe.whitelist()
	def publish(self):
		"""Show the case as usable in the library: only with the client's authorisation recorded."""
		self.check_permission("write")
		if self.authorisation_status != AUTHORISED or not (
			self.authorised_by and self.authorised_on and self.authorisation_method
		):
			throw(_("A case is published only with the client's authorisation recorded: who, when and how."))
		if not strip_html(self.summary or "").strip():
			throw(_("Write the summary of the case before publishing it."))
		with controlled_change():
			self.db_set({"status": PUBLISHED, "published_on": nowdate()}, notify=True)
		self.add_comment("Info", _("Status: {0}").format(_(PUBLISHED)))

	@frappe.whitelist()
	def withdraw(self, reason: str):
		"""Take the case out of use (the client withdrew its permission, or the work is dated)."""
		self.check_permission("write")
		if not (reason or "").strip():
			throw(_("Say why the case is withdrawn."))
		with controlled_change():
			self.db_set("status", WITHDRAWN, notify=True)
		self.add_comment("Info", _("Withdrawn: {0}").format(reason.strip()))

	def customer_name_or_id(self) -> str:
		return frappe.db.get_value("Customer", self.customer, "customer_name") or self.customer


def throw(message: str):
	frappe.throw(message, title=_("Success Case"), exc=SuccessCaseError)
