"""Who signs a step: the rules, their approver lines, and the slots a step's signatures fill.

One rule for signing, the sign-off panel, the ToDos and the invariant tests (``engine`` uses it)."""

import frappe
from frappe import _
from frappe.utils import cint

from agency_service.roles import users_with_role

PENDING, APPROVED, REJECTED, CANCELLED, NOT_STARTED = "Pending", "Approved", "Rejected", "Cancelled", ""
REASSIGNED = "Reassigned"
ANY_ONE, ALL, N_OF_M = "Any One", "All", "N of M"

SIGNOFF_FIELDS = [
	{
		"fieldname": "signoff_section",
		"fieldtype": "Section Break",
		"label": "Sign-off",
		"collapsible": 0,
	},
	{
		"fieldname": "signoff_status",
		"fieldtype": "Select",
		"label": "Sign-off Status",
		"options": "\nPending\nApproved\nRejected\nCancelled",
		"read_only": 1,
		"no_copy": 1,
		"in_standard_filter": 1,
		"allow_on_submit": 1,
	},
	{
		"fieldname": "signoff_request",
		"fieldtype": "Link",
		"label": "Sign-off Request",
		"options": "Sign-off Request",
		"read_only": 1,
		"no_copy": 1,
		"allow_on_submit": 1,
	},
]
SIGNOFF_FIELDNAMES = ("signoff_status", "signoff_request")


class SignoffError(frappe.ValidationError):
	pass


class DocumentUnderSignoffError(SignoffError):
	pass


class SignoffTamperError(SignoffError):
	pass


class NotAnApproverError(SignoffError, frappe.PermissionError):
	http_status_code = 403


class SelfApprovalError(SignoffError):
	pass


class AlreadySignedError(SignoffError):
	pass


class ReasonRequiredError(SignoffError):
	pass


# --- rules ---------------------------------------------------------------------------------------


def get_rule(doctype: str, purpose: str):
	name = frappe.db.get_value("Sign-off Rule", {"document_type": doctype, "purpose": purpose, "enabled": 1})
	if not name:
		frappe.throw(
			_("No enabled sign-off rule for {0} ({1}). Set one up under Sign-off Rule.").format(
				_(doctype), _(purpose)
			),
			title=_("Sign-off Rule Missing"),
			exc=SignoffError,
		)
	return frappe.get_cached_doc("Sign-off Rule", name)


def condition_holds(condition: str | None, doc) -> bool:
	if not (condition or "").strip():
		return True
	return bool(frappe.safe_eval(condition, None, {"doc": doc}))


def resolve_step(rule, step, doc, since=None) -> list[dict]:
	"""The approver lines of a step that apply to this document, each with the users who can sign it.

	Resolved once, when the step opens, and kept on the request: later edits of the client's team, a
	role or the rule do not change who signs an open step. A user who changed the client's approver field
	while this sign-off was under way (``since``) is left out of the line taken from it."""
	client = None
	lines = []
	for line in rule.approvers:
		if line.step_no != step.step_no or not condition_holds(line.condition, doc):
			continue
		if line.approver_source == "Role":
			users = users_with_role(line.role)
			label = _(line.role)
		elif line.approver_source == "User":
			users = [line.user] if line.user else []
			label = frappe.utils.get_fullname(line.user) if line.user else _("nobody")
		elif line.approver_source == "Document Field":
			users = [doc.get(line.fieldname)] if doc.get(line.fieldname) else []
			label = _(doc.meta.get_label(line.fieldname))
		else:
			client_name = doc.get(rule.client_field or "customer")
			if client is None:
				client = frappe.get_cached_doc("Customer", client_name) if client_name else frappe._dict()
			users = [client.get(line.fieldname)] if client.get(line.fieldname) else []
			if since and client_name:
				users = [
					u for u in users if u not in client_field_changers(client_name, line.fieldname, since)
				]
			label = _(frappe.get_meta("Customer").get_label(line.fieldname))
		lines.append({"key": f"{line.idx}", "label": label, "users": sorted(set(users))})
	return lines


def client_field_changers(customer: str, fieldname: str, since) -> set[str]:
	"""Who changed ``fieldname`` of the client since ``since`` (from the Customer's version history)."""
	changers = set()
	for version in frappe.get_all(
		"Version",
		filters={"ref_doctype": "Customer", "docname": customer, "creation": (">=", since)},
		fields=["owner", "data"],
	):
		data = frappe.parse_json(version.data or "{}") or {}
		if any(change and change[0] == fieldname for change in data.get("changed") or []):
			changers.add(version.owner)
	return changers


def needed_signatures(signers_required: str, required_count, lines: list[dict]) -> int:
	if signers_required == ALL:
		return len(lines)
	if signers_required == N_OF_M:
		return cint(required_count)
	return 1


# --- who may still sign: one rule for signing, the panel, the ToDos and the invariants ------------------
#
# A step is a set of *slots*: co-sign (All) has one slot per approver line, Any One has one slot and N of M
# has N slots, each open to every user of the step. A person counts once per step: one signature, for one
# slot, as approver or as delegate — and a delegate signing for an approver uses up both of them. A step
# is complete when its signatures fill every slot (each signature its own slot, a matching). A signature
# that would leave a slot nobody unused can fill is refused, so an open step always has someone who can
# sign or reject it: a delegate who is also an approver of the same step signs their own line first.


def step_slots(row, lines: list[dict]) -> list[set[str]]:
	if row.signers_required == ALL:
		return [set(line["users"]) for line in lines]
	everyone = {u for line in lines for u in line["users"]}
	return [everyone] * max(cint(row.required_count), 1)


def max_matching(slots: list[set[str]], fillers: list[str]) -> int:
	"""How many slots can be filled, each by a different filler (Kuhn's augmenting paths)."""
	owner_of: dict[int, int] = {}

	def augment(slot: int, seen: set[int]) -> bool:
		for i, filler in enumerate(fillers):
			if i in seen or filler not in slots[slot]:
				continue
			seen.add(i)
			if i not in owner_of or augment(owner_of[i], seen):
				owner_of[i] = slot
				return True
		return False

	return sum(1 for slot in range(len(slots)) if augment(slot, set()))


def used_people(signatures) -> set[str]:
	return {p for s in signatures for p in (s.signer, s.on_behalf_of) if p}


def signed_for(signatures) -> list[str]:
	return [s.on_behalf_of or s.signer for s in signatures]


def step_is_complete(row, lines: list[dict], signatures) -> bool:
	slots = step_slots(row, lines)
	return max_matching(slots, signed_for(signatures)) == len(slots)


def can_complete(row, lines: list[dict], signatures, excluded: set[str]) -> bool:
	"""Whether the step can still be completed by the people not used up yet (each signing once)."""
	slots = step_slots(row, lines)
	free = sorted({u for slot in slots for u in slot} - used_people(signatures) - excluded)
	return max_matching(slots, [*signed_for(signatures), *free]) == len(slots)


def contributes(row, lines, signatures, excluded, signer: str, approver: str) -> bool:
	"""A signature by ``signer`` for ``approver`` fills a slot and leaves the step completable."""
	slots = step_slots(row, lines)
	after = [*signatures, frappe._dict(signer=signer, on_behalf_of=approver if approver != signer else None)]
	return max_matching(slots, signed_for(after)) > max_matching(slots, signed_for(signatures)) and (
		can_complete(row, lines, after, excluded)
	)


def pending_users(row, lines, signatures, excluded) -> list[str]:
	"""Approvers who can still sign the open step themselves."""
	candidates = {u for line in lines for u in line["users"]} - used_people(signatures) - excluded
	return sorted(u for u in candidates if contributes(row, lines, signatures, excluded, u, u))


def row_lines(row) -> list[dict]:
	return frappe.parse_json(row.approver_lines or "[]") or []


def excluded_signers(request, doc) -> set[str]:
	"""Nobody signs their own request or their own work, except on a document whose signers acknowledge what it says of
	them (a handover is signed by the very people it names, whoever raised it)."""
	if getattr(doc, "signers_acknowledge", False):
		return set()
	# a document whose content others wrote (an ad-content review) names them: they do not sign it either
	authors = doc.get_authors() if hasattr(doc, "get_authors") else set()
	return {request.requested_by, doc.owner, *authors}
