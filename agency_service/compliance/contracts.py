"""Contracts on ERPNext's Contract (合同风险防控, 004 §5.2; 合同条款审查, 000 §5.2.6).

* **Legal review before signing** (004 §5.2.1): a contract is signed (``is_signed``) or submitted only when
  its sign-off for its version is approved — ``legal_review`` for the first version, ``contract_change``
  for every later one — read from the stored record, on every path (desk, REST, ``frappe.client``).
* **A change is a new version** (004 §5.2.3): ``new_version`` copies a signed contract into a draft with
  the next version number; the signed version stays as it is (readable, in force) until the new one is
  signed, then it is cancelled and marked superseded, and the work orders move to the new version.
  ``version_diff`` shows what the new version changes against the signed one.
* The bookkeeping fields (version, previous version, superseded by, reminders sent) change only here.
"""

import difflib

import frappe
from frappe import _
from frappe.utils import cint, strip_html

from agency_service.guard import (
	controlled_change,
	in_controlled_change,
	refuse_uncontrolled_changes,
)
from agency_service.signoff.host import refuse_changes_since_signoff, require_signoff
from agency_service.signoff.rules import APPROVED

LEGAL_REVIEW, CONTRACT_CHANGE = "legal_review", "contract_change"
VERSION_FIELDS = ("version_no", "previous_version", "superseded_by", "expiry_reminded_on")
TERM_TRACKING_FIELDS = ("overdue_reminded_on", "escalated_on")
COMPARED_FIELDS = (
	"party_type",
	"party_name",
	"start_date",
	"end_date",
	"requires_fulfilment",
	"fulfilment_deadline",
	"document_type",
	"document_name",
)


class ContractSigningError(frappe.ValidationError):
	pass


def purpose_of(doc) -> str:
	return CONTRACT_CHANGE if (doc.get("version_no") or 1) > 1 else LEGAL_REVIEW


# --- document events on Contract (hooks) ---------------------------------------------------------------


def validate_contract(doc, method=None):
	if doc.is_new() and not in_controlled_change():
		if cint(doc.get("version_no") or 1) != 1 or any(doc.get(f) for f in VERSION_FIELDS[1:]):
			refuse_uncontrolled_changes(doc, VERSION_FIELDS)
		doc.version_no = 1
	else:
		refuse_uncontrolled_changes(doc, VERSION_FIELDS)
	refuse_term_tracking_changes(doc)
	guard_signing(doc)


def before_update_after_submit(doc, method=None):
	validate_contract(doc)


def before_submit(doc, method=None):
	require_signoff(doc)
	require_purpose(doc)


def on_submit(doc, method=None):
	supersede_previous(doc)


def default_signoff_purpose(doc, method=None) -> str:
	return purpose_of(doc)


def before_signoff(doc, method=None, purpose: str | None = None):
	"""Called by ``signoff.host.start``: a contract is reviewed for its own version's purpose."""
	if purpose != purpose_of(doc):
		frappe.throw(
			_("Version {0} of a contract is signed off for {1}.").format(
				doc.get("version_no") or 1, _(purpose_of(doc))
			),
			exc=ContractSigningError,
		)


def refuse_term_tracking_changes(doc):
	if doc.is_new():
		return
	stored = {
		row.name: row
		for row in frappe.get_all(
			"Contract Fulfilment Checklist",
			filters={"parent": doc.name, "parenttype": "Contract"},
			fields=["name", *TERM_TRACKING_FIELDS],
		)
	}
	for row in doc.fulfilment_terms:
		kept = stored.get(row.name) or {}
		for fieldname in TERM_TRACKING_FIELDS:
			if str(row.get(fieldname) or "") != str(kept.get(fieldname) or ""):
				frappe.throw(
					_("Row {0}: {1} is set by the fulfilment watch only.").format(
						row.idx, frappe.bold(_(row.meta.get_label(fieldname)))
					),
					title=_("Not Allowed"),
					exc=ContractSigningError,
				)


def guard_signing(doc):
	"""Signing (``is_signed``, or the submit that signs for the agency) needs the approved sign-off of this
	version, as stored, and the contract as it was approved."""
	stored = (
		None
		if doc.is_new()
		else frappe.db.get_value(
			"Contract",
			doc.name,
			["is_signed", "docstatus", "signoff_status", "signoff_request"],
			as_dict=True,
		)
	)
	newly_signed = doc.is_signed and not (stored and stored.is_signed)
	if not newly_signed:
		return
	if not stored or stored.signoff_status != APPROVED:
		frappe.throw(
			_("Contract {0} cannot be signed before its legal review is signed off.").format(
				frappe.bold(doc.name or _("New Contract"))
			),
			title=_("Legal Review Required"),
			exc=ContractSigningError,
		)
	require_purpose(doc)
	if stored.docstatus == 0:
		refuse_changes_since_signoff(
			doc,
			_("Contract {0} differs from what Legal reviewed ({1}): it cannot be signed."),
			_("Legal Review Required"),
			ContractSigningError,
		)


def require_purpose(doc):
	request = frappe.db.get_value("Contract", doc.name, "signoff_request")
	purpose = frappe.db.get_value("Sign-off Request", request, "purpose") if request else None
	if purpose != purpose_of(doc):
		frappe.throw(
			_("Version {0} of contract {1} needs its own {2} sign-off before it is signed.").format(
				doc.get("version_no") or 1, frappe.bold(doc.name), _(purpose_of(doc))
			),
			title=_("Legal Review Required"),
			exc=ContractSigningError,
		)


# --- versions -------------------------------------------------------------------------------------------


def new_version(name: str) -> str:
	"""A draft of the next version of signed contract ``name``; returns its name."""
	current = frappe.get_doc("Contract", name, for_update=True)
	current.check_permission("read")
	frappe.has_permission("Contract", "create", throw=True)
	if current.docstatus != 1 or current.get("superseded_by"):
		frappe.throw(
			_("Only the signed, current version of a contract can be changed; {0} is not.").format(
				frappe.bold(name)
			),
			exc=ContractSigningError,
		)
	draft = frappe.db.get_value("Contract", {"previous_version": name, "docstatus": 0}, "name")
	if draft:
		frappe.throw(
			_("Version {0} of this contract is being prepared already: change that one.").format(
				frappe.bold(draft)
			),
			exc=ContractSigningError,
		)
	version = frappe.copy_doc(current)
	version.docstatus = 0
	for fieldname in ("is_signed", "signee", "signed_on", "ip_address", "signed_by_company", "amended_from"):
		version.set(fieldname, None)
	for row in version.fulfilment_terms:
		row.fulfilled = 0
		row.overdue_reminded_on = row.escalated_on = None
	with controlled_change():
		version.version_no = (current.get("version_no") or 1) + 1
		version.previous_version = current.name
		version.superseded_by = None
		version.expiry_reminded_on = None
		version.insert()
	version.add_comment("Info", _("Version {0}, replacing {1} once signed.").format(version.version_no, name))
	return version.name


def supersede_previous(doc):
	"""The new version is signed: the previous one is cancelled (it stays readable) and marked superseded,
	and the work orders under it follow the new version."""
	if not doc.get("previous_version"):
		return
	previous = frappe.get_doc("Contract", doc.previous_version)
	with controlled_change():
		previous.db_set("superseded_by", doc.name)
		if previous.docstatus == 1:
			previous.flags.ignore_permissions = True
			previous.flags.ignore_links = True
			previous.cancel()
	work_order = frappe.qb.DocType("Client Work Order")
	frappe.qb.update(work_order).set(work_order.contract, doc.name).where(
		work_order.contract == previous.name
	).run()
	previous.add_comment("Info", _("Superseded by version {0} ({1}).").format(doc.version_no, doc.name))


def version_diff(name: str) -> dict:
	"""What a version changes against the version it replaces: changed fields, and the terms line by line."""
	doc = frappe.get_doc("Contract", name)
	doc.check_permission("read")
	if not doc.get("previous_version"):
		return {"previous": None, "fields": [], "terms": []}
	previous = frappe.get_doc("Contract", doc.previous_version)
	previous.check_permission("read")
	fields = [
		{"label": _(doc.meta.get_label(f)), "old": str(previous.get(f) or ""), "new": str(doc.get(f) or "")}
		for f in COMPARED_FIELDS
		if str(previous.get(f) or "") != str(doc.get(f) or "")
	]
	old_terms, new_terms = terms_text(previous), terms_text(doc)
	lines = [
		{"op": line[0], "text": line[2:]}
		for line in difflib.ndiff(old_terms, new_terms)
		if line[:1] in ("+", "-")
	]
	return {
		"previous": previous.name,
		"previous_version": previous.get("version_no") or 1,
		"fields": fields,
		"terms": lines,
	}


def terms_text(doc) -> list[str]:
	text = strip_html((doc.contract_terms or "").replace("</p>", "\n").replace("<br>", "\n"))
	lines = [line.strip() for line in text.splitlines() if line.strip()]
	lines += [
		f"{_('Fulfilment Term')}: {row.requirement} ({_('Due Date')}: {row.get('due_date') or '—'})"
		for row in doc.fulfilment_terms
	]
	return lines


def contract_dashboard(data=None):
	return {
		"fieldname": "contract",
		"non_standard_fieldnames": {"Contract": "previous_version"},
		"transactions": [
			{"label": _("Work"), "items": ["Client Work Order"]},
			{"label": _("Versions"), "items": ["Contract"]},
		],
	}
