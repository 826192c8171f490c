"""Sign-off of ERPNext's own documents (Contract, Quotation): document events and the start of a round.

The app's documents start a sign-off from their own lifecycle actions. A host document has no such
action: a Sign-off Rule targeting it gives it a *Submit for Sign-off* button (``api.signoff.
submit_for_signoff``) and these guarantees, on top of the lock every signable document has
(``events.guard_document``):

* ``reopen_if_changed`` (``before_save``): a draft changed after its sign-off was approved is no longer
  approved — what was signed is what gets submitted;
* ``require_signoff`` (``before_submit``): a document whose doctype has an enabled rule is submitted only
  with its sign-off approved, read from the stored record (a form, REST call or ``frappe.client.submit``
  cannot claim it).
"""

import frappe
from frappe import _

from agency_service.guard import changed_fields
from agency_service.signoff.engine import submit_for_signoff
from agency_service.signoff.rules import APPROVED, SIGNOFF_FIELDNAMES, SignoffError

APP_MODULE = "Agency Service"
# fields a host document changes by itself or at signing, not what its sign-off approved
NOT_SIGNED_FOR = frozenset(
	(
		*SIGNOFF_FIELDNAMES,
		"status",
		"docstatus",
		"amended_from",
		"is_signed",
		"signee",
		"signed_on",
		"ip_address",
		"signed_by_company",
		"signee_company",
		"fulfilment_status",
		"party_full_name",
		"per_ordered",
		"order_lost_reason",
	)
)


class SignoffRequiredError(SignoffError):
	pass


def is_host_doctype(doctype: str) -> bool:
	return frappe.db.get_value("DocType", doctype, "module") != APP_MODULE


def rule_purposes(doctype: str) -> list[str]:
	return frappe.get_all(
		"Sign-off Rule",
		filters={"document_type": doctype, "enabled": 1},
		pluck="purpose",
		order_by="purpose",
		ignore_permissions=True,
	)


def purposes_for(doc) -> list[str]:
	"""What ``doc`` can be submitted for sign-off for: the one its doctype's events name for it (a contract's
	version decides), else every enabled rule's purpose."""
	purposes = rule_purposes(doc.doctype)
	own = doc.run_method("default_signoff_purpose")
	return [own] if own in purposes else purposes


def start(doctype: str, name: str, purpose: str | None = None) -> str:
	"""Open a sign-off round on a host document (a draft) for ``purpose``, or its doctype's only purpose."""
	if not frappe.db.exists("DocType", doctype) or not is_host_doctype(doctype):
		frappe.throw(
			_("{0} starts its sign-off from its own actions.").format(_(str(doctype))), exc=SignoffError
		)
	doc = frappe.get_doc(doctype, name, for_update=True)
	doc.check_permission("write")
	purposes = purposes_for(doc)
	if not purposes:
		frappe.throw(_("No enabled sign-off rule for {0}.").format(_(doctype)), exc=SignoffError)
	if purpose is None and len(purposes) == 1:
		purpose = purposes[0]
	if purpose not in rule_purposes(doctype):
		frappe.throw(
			_("Choose what the sign-off is for: {0}.").format(", ".join(_(p) for p in purposes)),
			exc=SignoffError,
		)
	if doc.docstatus != 0:
		frappe.throw(
			_("{0} {1} is no longer a draft: only a draft is submitted for sign-off.").format(
				_(doctype), frappe.bold(name)
			),
			exc=SignoffError,
		)
	if doc.get("signoff_status") == APPROVED and doc.get("signoff_request"):
		approved_for = frappe.db.get_value("Sign-off Request", doc.signoff_request, "purpose")
		if approved_for == purpose:
			frappe.throw(_("{0} has already been signed off.").format(frappe.bold(name)), exc=SignoffError)
	doc.run_method("before_signoff", purpose)
	return submit_for_signoff(doc, purpose)


def reopen_if_changed(doc, method=None):
	"""``before_save`` of a host document: an approved draft that changes needs a new sign-off."""
	if doc.is_new() or doc.docstatus != 0 or not doc.meta.has_field("signoff_status"):
		return
	before = doc.get_doc_before_save()
	if not before or before.get("signoff_status") != APPROVED:
		return
	changed = changed_fields(doc, before, NOT_SIGNED_FOR)
	if not changed:
		return
	doc.signoff_status = ""  # the lock and the field guard ran in validate: this is the app's own change
	doc.add_comment(
		"Info",
		_("Changed after its sign-off ({0}): it needs a new sign-off.").format(", ".join(changed)),
	)


def require_signoff(doc, method=None):
	"""``before_submit`` of a host document whose doctype has an enabled sign-off rule."""
	if not doc.meta.has_field("signoff_status") or not rule_purposes(doc.doctype):
		return
	stored = frappe.db.get_value(
		doc.doctype, doc.name, ["signoff_status", "signoff_request"], as_dict=True, for_update=True
	)
	if not stored or stored.signoff_status != APPROVED:
		frappe.throw(
			_("{0} {1} can only be submitted once its sign-off is approved.").format(
				_(doc.doctype), frappe.bold(doc.name)
			),
			title=_("Sign-off Required"),
			exc=SignoffRequiredError,
		)
	refuse_changes_since_signoff(
		doc,
		_("{0} differs from what was signed off ({1}): save it and submit it for sign-off again."),
		_("Sign-off Required"),
		SignoffRequiredError,
	)


def refuse_changes_since_signoff(doc, message: str, title: str, exc):
	"""Throw ``message`` ({0}: the document, {1}: the fields) when ``doc`` differs from its stored record in
	what its sign-off approved."""
	changed = changed_fields(doc, frappe.get_doc(doc.doctype, doc.name), NOT_SIGNED_FOR)
	if changed:
		frappe.throw(message.format(frappe.bold(doc.name), ", ".join(changed)), title=title, exc=exc)
