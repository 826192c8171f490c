"""Document events of the sign-off: only the engine writes requests and signatures, and a document
under sign-off is locked (``doc_events["*"]``)."""

import frappe
from frappe import _

from agency_service.guard import in_controlled_change, refuse_uncontrolled_changes
from agency_service.signoff.rules import (
	PENDING,
	SIGNOFF_FIELDNAMES,
	DocumentUnderSignoffError,
	SignoffTamperError,
)

# --- engine-only writes -------------------------------------------------------------------------


def refuse_outside_engine(doc, action: str):
	"""For Sign-off Request / Signature controllers: only the engine writes them."""
	if not in_controlled_change():
		frappe.throw(
			_("{0} records are written by the sign-off engine only and cannot be {1} by hand.").format(
				_(doc.doctype), _(action)
			),
			title=_("Not Allowed"),
			exc=SignoffTamperError,
		)


# --- the document guard (doc_events "*") --------------------------------------------------------


def guard_document(doc, method=None):
	"""Locks a document under sign-off and keeps its sign-off fields in the engine's hands."""
	if in_controlled_change() or not doc.meta.has_field("signoff_status"):
		return
	before = doc.get_doc_before_save() if not doc.is_new() else None
	stored_status = before.get("signoff_status") if before else None
	if stored_status == PENDING:
		frappe.throw(
			_("{0} {1} is waiting for sign-off and cannot be changed until the sign-off is complete.").format(
				_(doc.doctype), frappe.bold(doc.name)
			),
			title=_("Under Sign-off"),
			exc=DocumentUnderSignoffError,
		)
	refuse_uncontrolled_changes(doc, SIGNOFF_FIELDNAMES)


def guard_document_deletion(doc, method=None):
	if in_controlled_change() or not doc.meta.has_field("signoff_status"):
		return
	if frappe.db.get_value(doc.doctype, doc.name, "signoff_status") == PENDING:
		frappe.throw(
			_("{0} {1} is waiting for sign-off and cannot be deleted.").format(
				_(doc.doctype), frappe.bold(doc.name)
			),
			title=_("Under Sign-off"),
			exc=DocumentUnderSignoffError,
		)
