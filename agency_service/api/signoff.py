"""The sign-off API (desk buttons and REST): sign, read the state, cancel, change an approver."""

import frappe
from frappe import _

from agency_service.api.guard import dict_argument
from agency_service.signoff.engine import cancel, get_state, reassign, sign
from agency_service.signoff.host import is_host_doctype, purposes_for, rule_purposes, start
from agency_service.signoff.rules import SignoffError

# --- whitelisted API (desk buttons and REST) -------------------------------------------------------
# The app's documents start a sign-off from their own action (Client Admission.submit_for_review, Client
# Work Order.submit_for_dispatch …), so the document's status and the purpose signed always match; only
# ERPNext's documents (Contract, Quotation) start one here (``signoff.host``).


def parse_values(values) -> dict:
	if values in (None, ""):
		return {}
	parsed = dict_argument(values)
	if parsed is None:
		frappe.throw(_("The values of a step are sent as a set of fields and values."), exc=SignoffError)
	return parsed


@frappe.whitelist(methods=["POST"])
def sign_document(
	doctype: str,
	name: str,
	decision: str,
	comment: str | None = None,
	on_behalf_of: str | None = None,
	values: dict | str | None = None,
) -> dict:
	return sign(
		doctype, name, decision, comment=comment, on_behalf_of=on_behalf_of, values=parse_values(values)
	)


@frappe.whitelist()
def get_signoff_state(doctype: str, name: str) -> dict:
	if not frappe.db.exists("DocType", doctype) or not frappe.get_meta(doctype).has_field("signoff_status"):
		frappe.throw(_("{0} has no sign-off.").format(frappe.bold(str(doctype))), exc=SignoffError)
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	return get_state(doc)


@frappe.whitelist(methods=["POST"])
def submit_for_signoff(doctype: str, name: str, purpose: str | None = None) -> str:
	"""Submit an ERPNext document (a draft Contract, Quotation …) for the sign-off its rule sets."""
	return start(doctype, name, purpose or None)


@frappe.whitelist()
def signoff_purposes(doctype: str, name: str) -> list[str]:
	"""The purposes an ERPNext document can be submitted for sign-off for (the desk's button)."""
	if not frappe.db.exists("DocType", doctype) or not is_host_doctype(doctype):
		frappe.throw(_("Unknown document type {0}.").format(frappe.bold(str(doctype))), exc=SignoffError)
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	return purposes_for(doc) if rule_purposes(doctype) else []


@frappe.whitelist(methods=["POST"])
def cancel_signoff(doctype: str, name: str, reason: str) -> dict:
	return cancel(doctype, name, reason)


@frappe.whitelist(methods=["POST"])
def reassign_signoff_line(doctype: str, name: str, line: str, user: str, reason: str) -> dict:
	return reassign(doctype, name, line, user, reason)


@frappe.whitelist()
def signed_doctypes() -> list[str]:
	"""The document types that sign-off rules exist for: the choices of the Pending Sign-offs report's
	filter (a link to DocType would ask for read access to DocType, which the account team lacks)."""
	if not frappe.has_permission("Sign-off Request", "read"):
		frappe.throw(_("You are not permitted to see sign-offs."), exc=frappe.PermissionError)
	return frappe.get_all(
		"Sign-off Rule",
		distinct=True,
		pluck="document_type",
		order_by="document_type",
		ignore_permissions=True,
	)
