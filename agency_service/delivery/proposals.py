"""Proposals (提案, 002 B: 提案预演 → 向客户提案 → 提案通过): a proposal is rehearsed inside the agency
before it is presented to the client, at the pitch meeting (a Client Visit), and the client decides.

The rules read the records as stored — the rehearsals in the database, never a form a browser sent."""

import frappe
from frappe import _
from frappe.utils import get_datetime

PROPOSAL = "Client Proposal"
REHEARSAL = "Client Proposal Rehearsal"
DRAFT, REHEARSED, PRESENTED = "Draft", "Rehearsed", "Presented"
APPROVED, REVISION_REQUESTED, WON, LOST = "Approved", "Revision Requested", "Won", "Lost"
# decision → the proposal's status; a pitch is won or lost, any other proposal approved or sent back
PITCH_DECISIONS = {"Won": WON, "Lost": LOST}
PROPOSAL_DECISIONS = {"Approved": APPROVED, "Revise": REVISION_REQUESTED}
PITCH_PURPOSE = "Pitch"


class ProposalError(frappe.ValidationError):
	pass


class NotRehearsedError(ProposalError):
	pass


def datetime_value(value, label: str):
	"""A date and time sent by a caller, or a translated refusal naming ``label``."""
	try:
		result = get_datetime(value) if isinstance(value, str) and value.strip() else None
	except Exception:
		result = None
	if result is None:
		frappe.throw(
			_("The value sent for {0} is not valid.").format(frappe.bold(label)),
			title=_("Invalid Value"),
			exc=ProposalError,
		)
	return result


def last_rehearsal(proposal: str):
	"""When the proposal was last rehearsed, from its stored rehearsal rows (None: never)."""
	rows = frappe.get_all(
		REHEARSAL,
		filters={"parent": proposal, "parenttype": PROPOSAL, "parentfield": "rehearsals"},
		fields=["rehearsed_on"],
		order_by="rehearsed_on desc",
		limit=1,
		ignore_permissions=True,
	)
	return get_datetime(rows[0].rehearsed_on) if rows else None


def require_rehearsal(proposal: str, presented_before=None):
	"""A proposal is rehearsed before it is presented, and rehearsed again after it was sent back."""
	rehearsed = last_rehearsal(proposal)
	if not rehearsed or (presented_before and rehearsed <= get_datetime(presented_before)):
		frappe.throw(
			_(
				"Proposal {0} must be rehearsed inside the agency before it is presented to the client."
			).format(frappe.bold(proposal)),
			title=_("Rehearsal Needed"),
			exc=NotRehearsedError,
		)


def require_rehearsed_proposal(work_order: str):
	"""The work order's proposal to the client: when proposals are recorded for it, one is rehearsed."""
	names = frappe.get_all(
		PROPOSAL, filters={"work_order": work_order, "is_pitch": 0}, pluck="name", ignore_permissions=True
	)
	if names and not any(last_rehearsal(name) for name in names):
		require_rehearsal(names[0])


def note_client_decision(work_order: str, approved: bool, comments: str | None):
	"""The client answered the work order's proposal on the portal: the presented proposal records it."""
	for name in frappe.get_all(
		PROPOSAL,
		filters={"work_order": work_order, "status": PRESENTED, "is_pitch": 0},
		pluck="name",
		ignore_permissions=True,
	):
		frappe.get_doc(PROPOSAL, name).note_decision("Approved" if approved else "Revise", comments)
