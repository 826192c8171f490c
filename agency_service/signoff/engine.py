"""Sign-off chains (签字批准 / 签字认可): one engine for every signable document.

Design
------
* A **Sign-off Rule** says, for a document type and a purpose (``admission``, ``dispatch``,
  ``acceptance`` …), which ordered steps must be signed. Each step has approver lines (a role, a fixed
  user, a user field of the document, or a user field of the document's client such as
  ``account_director``), a mode — *Any One*, *All* (co-sign: every approver line signs, in any order)
  or *N of M* — an optional condition, a deadline in hours and the fields its signer fills in.
* ``submit_for_signoff`` opens a **Sign-off Request** for the document (one per round), and every
  decision is a **Sign-off Signature**. Both are written only here, inside ``guard.controlled_change()``; their
  controllers refuse any other insert, save or delete, and no role has create/write/delete rights on
  them, so they cannot be forged or removed through the REST API or the desk.
* The signable document carries two read-only custom fields (``SIGNOFF_FIELDS``): its sign-off status
  and the open request. ``guard_document`` (a ``doc_events["*"]`` hook) refuses any change of those
  fields outside the engine, and any edit or deletion of a document whose sign-off is pending: a
  document under sign-off is locked.
* Signing locks the document's request row (``SELECT … FOR UPDATE``), so two approvers of a co-sign
  step signing at the same moment are serialised: both signatures are recorded once, and the step
  advances once. A unique key (request, step, signer) is the last line of defence against double signing.
* Approvers of the open step get a ToDo (Frappe's assignment, with its system and email notification);
  the ToDos close when the step completes. ``remind_overdue_steps`` (hourly) reminds approvers of steps
  past their deadline and tells the Client Service Head past twice the deadline — each once, in one
  digest per person, set-based.

Why not Frappe's Workflow for this: a Workflow transition is taken by one user holding one role; it has
no co-sign, no N of M, no approver taken from the client, no delegation and no mandatory reason.
The documents' own lifecycles (e.g. Client Work Order: in progress → delivered → proposed …) are plain
status actions on their controllers that call this engine where a signature is needed, so a status can
never be reached around its sign-off.
"""

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as add_assignment
from frappe.query_builder import DocType
from frappe.utils import add_to_date, get_datetime, now_datetime, nowdate

from agency_service import notify
from agency_service.guard import controlled_change
from agency_service.roles import AGENCY_MANAGEMENT, CLIENT_SERVICE_HEAD
from agency_service.signoff.rules import (
	APPROVED,
	CANCELLED,
	NOT_STARTED,
	PENDING,
	REASSIGNED,
	REJECTED,
	SIGNOFF_FIELDS,
	AlreadySignedError,
	NotAnApproverError,
	ReasonRequiredError,
	SelfApprovalError,
	SignoffError,
	can_complete,
	condition_holds,
	contributes,
	excluded_signers,
	get_rule,
	max_matching,
	needed_signatures,
	pending_users,
	resolve_step,
	row_lines,
	signed_for,
	step_is_complete,
	step_slots,
	used_people,
)

# --- starting a sign-off -------------------------------------------------------------------------


def submit_for_signoff(doc, purpose: str) -> str:
	"""Open a sign-off round for ``doc``; returns the Sign-off Request name.

	Decided from the stored record, locked: a document holds at most one open request."""
	doc.check_permission("write")
	stored_status = frappe.db.get_value(doc.doctype, doc.name, "signoff_status", for_update=True)
	open_request = frappe.db.exists(
		"Sign-off Request",
		{"reference_doctype": doc.doctype, "reference_name": doc.name, "status": PENDING},
	)
	if stored_status == PENDING or open_request:
		frappe.throw(
			_("{0} is already waiting for sign-off.").format(frappe.bold(doc.name)), exc=SignoffError
		)
	rule = get_rule(doc.doctype, purpose)
	previous_rounds = frappe.db.count(
		"Sign-off Request", {"reference_doctype": doc.doctype, "reference_name": doc.name, "purpose": purpose}
	)
	now = now_datetime()
	with controlled_change():
		request = frappe.get_doc(
			{
				"doctype": "Sign-off Request",
				"reference_doctype": doc.doctype,
				"reference_name": doc.name,
				"rule": rule.name,
				"purpose": purpose,
				"cycle": previous_rounds + 1,
				"status": PENDING,
				"requested_by": frappe.session.user,
				"requested_at": now,
				"reminder_level": 0,
			}
		)
		for step in sorted(rule.steps, key=lambda s: s.step_no):
			applies = condition_holds(step.condition, doc)
			request.append(
				"steps",
				{
					"step_no": step.step_no,
					"step_name": step.step_name,
					"signers_required": step.signers_required,
					"required_count": step.required_count,
					"outcome": "" if applies else "Skipped",
				},
			)
		request.insert(ignore_permissions=True)
		set_document_signoff(doc, PENDING, request.name)
		doc.add_comment("Info", _("Submitted for sign-off ({0}).").format(_(purpose)))
		open_next_step(request, doc, now)
	return request.name


def describe_lines(lines: list[dict]) -> str:
	return "\n".join(
		"{}: {}".format(
			line["label"], ", ".join(map(frappe.utils.get_fullname, line["users"])) or _("nobody")
		)
		for line in lines
	)


def open_next_step(request, doc, now):
	"""Move the request to its next step that still needs signatures, or finish it approved. The step's
	approvers are resolved now and recorded on the request."""
	rule = frappe.get_cached_doc("Sign-off Rule", request.rule)
	excluded = excluded_signers(request, doc)
	for row in request.steps:
		if row.outcome:
			continue
		step = next((s for s in rule.steps if s.step_no == row.step_no), None)
		lines = resolve_step(rule, step, doc, since=request.requested_at) if step else []
		row.required_count = needed_signatures(row.signers_required, row.required_count, lines)
		if not lines or not can_complete(row, lines, [], excluded):
			frappe.throw(
				_(
					"Nobody but the requester can sign step {0} ({1}): check the approvers of rule {2}."
				).format(row.step_no, _(row.step_name), frappe.bold(rule.name)),
				title=_("No Approver"),
				exc=SignoffError,
			)
		row.approver_lines = frappe.as_json(lines, indent=None)
		row.approvers = describe_lines(lines)
		row.step_fields = step.step_fields
		row.started_at = now
		row.deadline = add_to_date(now, hours=step.deadline_hours) if step.deadline_hours else None
		request.current_step_no = row.step_no
		request.current_step_name = row.step_name
		request.step_started_at = now
		request.step_deadline = row.deadline
		request.reminder_level = 0
		users = pending_users(row, lines, [], excluded)
		request.pending_with = "\n".join(users)
		save_request(request)
		assign_approvers(doc, users, row)
		return
	finish(request, doc, APPROVED, now)


def save_request(request):
	# the engine fills a request from the rule and the document it has just read: no link lookups needed
	request.flags.ignore_links = True
	request.save(ignore_permissions=True)


def current_row(request):
	return next(r for r in request.steps if r.step_no == request.current_step_no)


def assign_approvers(doc, users: list[str], row):
	if not users:
		return
	add_assignment(
		{
			"assign_to": users,
			"doctype": doc.doctype,
			"name": doc.name,
			"description": _("Please sign off {0} {1}: step {2} ({3}).").format(
				_(doc.doctype), doc.name, row.step_no, _(row.step_name)
			),
			"date": get_datetime(row.deadline).date() if row.deadline else None,
			"priority": "High",
		},
		ignore_permissions=True,
	)


def close_assignments(doc, users):
	"""Close the sign-off ToDos of ``users`` on ``doc``; other assignments on the document stay open."""
	users = [u for u in users if u]
	if not users:
		return
	todo = DocType("ToDo")
	(
		frappe.qb.update(todo)
		.set(todo.status, "Closed")
		.where(
			(todo.reference_type == doc.doctype)
			& (todo.reference_name == doc.name)
			& todo.allocated_to.isin(users)
			& (todo.status == "Open")
		)
		.run()
	)
	still_assigned = frappe.get_all(
		"ToDo",
		filters={"reference_type": doc.doctype, "reference_name": doc.name, "status": "Open"},
		pluck="allocated_to",
	)
	frappe.db.set_value(
		doc.doctype, doc.name, "_assign", frappe.as_json(sorted(set(still_assigned))), update_modified=False
	)


def finish(request, doc, status: str, now, reason: str | None = None):
	waiting = (request.pending_with or "").split("\n")
	request.status = status
	request.completed_at = now
	request.pending_with = ""
	if status == CANCELLED:
		request.cancelled_by = frappe.session.user
		request.cancellation_reason = reason
	else:
		request.rejection_reason = reason
	save_request(request)
	close_assignments(doc, waiting)
	set_document_signoff(doc, status, request.name)
	if status == APPROVED:
		doc.add_comment("Info", _("Sign-off complete ({0}).").format(_(request.purpose)))
		doc.run_method("on_signoff_approved", request.purpose)
	elif status == CANCELLED:
		doc.add_comment("Info", _("Sign-off cancelled: {0}").format(frappe.utils.escape_html(reason or "")))
		doc.run_method("on_signoff_cancelled", request.purpose, reason)
	else:
		doc.run_method("on_signoff_rejected", request.purpose, reason)
	notify_requester(request, doc, status, reason)


def set_document_signoff(doc, status: str, request_name: str):
	doc.db_set({"signoff_status": status, "signoff_request": request_name}, notify=True)


def notify_requester(request, doc, status, reason):
	if status == APPROVED:
		subject = _("{0} {1} has been signed off.").format(_(doc.doctype), doc.name)
	elif status == CANCELLED:
		subject = _("The sign-off of {0} {1} was cancelled: {2}").format(_(doc.doctype), doc.name, reason)
	else:
		subject = _("{0} {1} was rejected: {2}").format(_(doc.doctype), doc.name, reason)
	notify.alert(request.requested_by, subject, doc)


# --- signing -------------------------------------------------------------------------------------


def load_pending(doctype: str, name: str):
	"""The document and its open request, both read as stored and locked (document first, then request:
	the same order as every action, so signers and actions queue instead of deadlocking)."""
	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		frappe.throw(_("Unknown document type {0}.").format(frappe.bold(str(doctype))), exc=SignoffError)
	if not frappe.get_meta(doctype).has_field("signoff_status"):
		frappe.throw(_("{0} has no sign-off.").format(_(doctype)), exc=SignoffError)
	doc = frappe.get_doc(doctype, name, for_update=True)
	doc.check_permission("read")
	request_name = doc.get("signoff_request")
	request = frappe.get_doc("Sign-off Request", request_name, for_update=True) if request_name else None
	if not request or request.status != PENDING or doc.get("signoff_status") != PENDING:
		frappe.throw(_("{0} is not waiting for sign-off.").format(frappe.bold(name)), exc=SignoffError)
	return doc, request


def sign(doctype: str, name: str, decision: str, *, comment=None, on_behalf_of=None, values=None) -> dict:
	"""Record one approver's decision on the open step of a document's sign-off."""
	if decision not in (APPROVED, REJECTED):
		frappe.throw(_("Decide Approved or Rejected."), exc=SignoffError)
	doc, request = load_pending(doctype, name)
	row = current_row(request)
	lines = row_lines(row)
	signer = frappe.session.user
	approver = on_behalf_of or signer
	signed = signatures_of_step(request, row.step_no)
	excluded = excluded_signers(request, doc)
	check_signer(request, doc, row, lines, signer, approver, signed, excluded, decision)
	if decision == REJECTED and not (comment or "").strip():
		frappe.throw(
			_("Give a reason for the rejection."), title=_("Reason Required"), exc=ReasonRequiredError
		)

	now = now_datetime()
	with controlled_change():
		if decision == APPROVED and row.step_fields:
			fill_step_fields(doc, row, values or {})
		record_signature(request, doc, row, signer, on_behalf_of, decision, comment, now)
		if decision == REJECTED:
			row.completed_at = now
			row.outcome = REJECTED
			finish(request, doc, REJECTED, now, reason=comment)
		else:
			signed = [*signed, frappe._dict(signer=signer, on_behalf_of=on_behalf_of)]
			advance_step(request, doc, row, lines, signed, excluded, now)
	return {"status": request.status, "request": request.name, "current_step_no": request.current_step_no}


def advance_step(request, doc, row, lines, signed, excluded, now):
	"""After a signature or a change of approver: close the step and open the next one when its slots
	are filled, else update who it still waits for."""
	if step_is_complete(row, lines, signed):
		row.completed_at = now
		row.outcome = APPROVED
		close_assignments(doc, (request.pending_with or "").split("\n"))
		request.pending_with = ""
		open_next_step(request, doc, now)
	else:
		update_pending(request, doc, row, lines, signed, excluded)


def update_pending(request, doc, row, lines, signed, excluded):
	"""Who the open step still waits for; ToDos of everyone else are closed, newcomers get one."""
	before = set(filter(None, (request.pending_with or "").split("\n")))
	after = pending_users(row, lines, signed, excluded)
	request.pending_with = "\n".join(after)
	save_request(request)
	close_assignments(doc, before - set(after))
	assign_approvers(doc, sorted(set(after) - before), row)


def check_signer(request, doc, row, lines, signer, approver, signed, excluded, decision=APPROVED):
	if signer in excluded or approver in excluded:
		frappe.throw(
			_("You cannot sign off a document you raised or submitted yourself."),
			title=_("Self-approval"),
			exc=SelfApprovalError,
		)
	if approver != signer and not has_delegation(approver, signer):
		frappe.throw(
			_("You have no delegation to sign on behalf of {0}.").format(
				frappe.bold(frappe.utils.get_fullname(approver))
			),
			title=_("Not an Approver"),
			exc=NotAnApproverError,
		)
	if not any(approver in line["users"] for line in lines):
		frappe.throw(
			_("{0} is not an approver of step {1} ({2}).").format(
				frappe.bold(frappe.utils.get_fullname(approver)), row.step_no, _(row.step_name)
			),
			title=_("Not an Approver"),
			exc=NotAnApproverError,
		)
	used = used_people(signed)
	if signer in used or approver in used:
		frappe.throw(
			_("{0} has already signed step {1}.").format(
				frappe.bold(frappe.utils.get_fullname(approver if approver in used else signer)), row.step_no
			),
			title=_("Already Signed"),
			exc=AlreadySignedError,
		)
	if decision == REJECTED:
		return
	if not contributes(row, lines, signed, excluded, signer, signer if approver == signer else approver):
		slots = step_slots(row, lines)
		after = [*signed, frappe._dict(signer=signer, on_behalf_of=approver if approver != signer else None)]
		if max_matching(slots, signed_for(after)) == max_matching(slots, signed_for(signed)):
			frappe.throw(
				_("The part of step {0} that {1} can sign has already been signed.").format(
					row.step_no, frappe.bold(frappe.utils.get_fullname(approver))
				),
				title=_("Already Signed"),
				exc=AlreadySignedError,
			)
		frappe.throw(
			_(
				"If {0} signs for {1}, nobody is left to sign the rest of step {2}: each person signs a step "
				"once. Sign your own part, or leave this part to {1}."
			).format(
				frappe.bold(frappe.utils.get_fullname(signer)),
				frappe.bold(frappe.utils.get_fullname(approver)),
				row.step_no,
			),
			title=_("Sign Your Own Part"),
			exc=AlreadySignedError,
		)


def signatures_of_step(request, step_no: int):
	# a locking read, for the same reason as the request's in sign()
	return frappe.db.get_values(
		"Sign-off Signature",
		{"request": request.name, "step_no": step_no, "decision": APPROVED},
		["signer", "on_behalf_of"],
		as_dict=True,
		for_update=True,
	)


def record_signature(request, doc, row, signer, on_behalf_of, decision, comment, now):
	try:
		frappe.get_doc(
			{
				"doctype": "Sign-off Signature",
				"request": request.name,
				"reference_doctype": doc.doctype,
				"reference_name": doc.name,
				"cycle": request.cycle,
				"step_no": row.step_no,
				"step_name": row.step_name,
				"signer": signer,
				"on_behalf_of": on_behalf_of if on_behalf_of and on_behalf_of != signer else None,
				"decision": decision,
				"comment": comment,
				"signed_at": now,
			}
		).insert(ignore_permissions=True, ignore_links=True)  # every link was just read from the database
	except frappe.UniqueValidationError:
		frappe.throw(
			_("This signature has already been recorded."), title=_("Already Signed"), exc=AlreadySignedError
		)
	if on_behalf_of and on_behalf_of != signer:
		text = _("{0} step {1} ({2}) on behalf of {3}").format(
			_(decision), row.step_no, _(row.step_name), frappe.utils.get_fullname(on_behalf_of)
		)
	else:
		text = _("{0} step {1} ({2})").format(_(decision), row.step_no, _(row.step_name))
	if comment:
		text += f": {frappe.utils.escape_html(comment)}"
	doc.add_comment("Info", text)


def fill_step_fields(doc, row, values: dict):
	if not isinstance(values, dict):
		frappe.throw(_("The values of a step are sent as a set of fields and values."), exc=SignoffError)
	fieldnames = [f.strip() for f in (row.step_fields or "").split(",") if f.strip()]
	updates = {}
	for fieldname in fieldnames:
		value = values.get(fieldname, doc.get(fieldname))
		if value in (None, ""):
			frappe.throw(
				_("Fill in {0} before approving this step.").format(
					frappe.bold(_(doc.meta.get_label(fieldname)))
				),
				title=_("Missing Value"),
				exc=SignoffError,
			)
		updates[fieldname] = value
	unknown = set(values) - set(fieldnames)
	if unknown:
		labels = (
			_(doc.meta.get_label(f)) if doc.meta.has_field(f) else str(f) for f in sorted(unknown, key=str)
		)
		frappe.throw(
			_("These fields cannot be set at this step: {0}").format(", ".join(map(frappe.bold, labels))),
			title=_("Not Allowed"),
			exc=SignoffError,
		)
	doc.update(updates)
	doc.run_method("validate_signoff_values", updates)
	doc.db_set(updates)


def has_delegation(delegator: str, delegate: str) -> bool:
	today = nowdate()
	return bool(
		frappe.db.exists(
			"Sign-off Delegation",
			{
				"delegator": delegator,
				"delegate": delegate,
				"enabled": 1,
				"from_date": ("<=", today),
				"to_date": (">=", today),
			},
		)
	)


# --- cancelling a sign-off and changing an approver (Client Service Head, Agency Management) -------------


def require_signoff_manager():
	if not set(frappe.get_roles()) & {CLIENT_SERVICE_HEAD, AGENCY_MANAGEMENT}:
		frappe.throw(
			_("Only the Client Service Head or Agency Management can do this."),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)


def cancel(doctype: str, name: str, reason: str) -> dict:
	"""End an open sign-off with a reason: the document is unlocked and goes back to its author, the
	approvers' ToDos are closed. Recorded as a signature (decision Cancelled) on the open step."""
	require_signoff_manager()
	if not (reason or "").strip():
		frappe.throw(
			_("Say why the sign-off is cancelled."), title=_("Reason Required"), exc=ReasonRequiredError
		)
	doc, request = load_pending(doctype, name)
	row = current_row(request)
	now = now_datetime()
	with controlled_change():
		record_signature(request, doc, row, frappe.session.user, None, CANCELLED, reason, now)
		row.completed_at = now
		row.outcome = CANCELLED
		finish(request, doc, CANCELLED, now, reason=reason)
	return {"status": request.status, "request": request.name}


def reassign(doctype: str, name: str, line: str, user: str, reason: str) -> dict:
	"""Give an approver line of the open step to another person (the one it names is absent, has left …).
	Its own recorded action: a signature with decision Reassigned, naming the line, both people and why."""
	require_signoff_manager()
	if not (reason or "").strip():
		frappe.throw(_("Say why the approver changes."), title=_("Reason Required"), exc=ReasonRequiredError)
	doc, request = load_pending(doctype, name)
	row = current_row(request)
	lines = row_lines(row)
	target = next((entry for entry in lines if entry["key"] == str(line)), None)
	if not target:
		frappe.throw(_("Step {0} has no such approver line.").format(row.step_no), exc=SignoffError)
	if not frappe.db.get_value("User", {"name": user, "enabled": 1, "user_type": "System User"}):
		frappe.throw(_("{0} is not an active staff user.").format(frappe.bold(str(user))), exc=SignoffError)
	signed = signatures_of_step(request, row.step_no)
	excluded = excluded_signers(request, doc)
	if user in excluded or user == frappe.session.user or user in used_people(signed):
		frappe.throw(
			_(
				"{0} cannot take this part: the requester, you yourself and who signed this step already cannot."
			).format(frappe.bold(frappe.utils.get_fullname(user))),
			title=_("Not Allowed"),
			exc=SignoffError,
		)
	previous = ", ".join(map(frappe.utils.get_fullname, target["users"])) or _("nobody")
	target["users"] = [user]
	if not can_complete(row, lines, signed, excluded):
		frappe.throw(
			_(
				"{0} already holds another part of this step: with this change nobody could finish it. Choose someone else."
			).format(frappe.bold(frappe.utils.get_fullname(user))),
			title=_("Not Allowed"),
			exc=SignoffError,
		)
	now = now_datetime()
	with controlled_change():
		comment = _("{0}: {1} → {2}. {3}").format(
			target["label"], previous, frappe.utils.get_fullname(user), reason
		)
		record_signature(request, doc, row, frappe.session.user, None, REASSIGNED, comment, now)
		row.approver_lines = frappe.as_json(lines, indent=None)
		row.approvers = describe_lines(lines)
		advance_step(request, doc, row, lines, signed, excluded, now)
	return {"status": request.status, "request": request.name, "current_step_no": request.current_step_no}


def hand_over_approver(request_name: str, old: str, new: str, note: str) -> bool:
	"""A handover of a client (``clients.handover``): ``new`` takes ``old``'s place in the open step of a
	pending request. Recorded on the document; no signature, as nobody decided anything. True if moved."""
	request = frappe.get_doc("Sign-off Request", request_name, for_update=True)
	if request.status != PENDING:
		return False
	row = current_row(request)
	lines = row_lines(row)
	if not any(old in line["users"] for line in lines):
		return False
	for line in lines:
		line["users"] = sorted({new if user == old else user for user in line["users"]})
	doc = frappe.get_doc(request.reference_doctype, request.reference_name)
	signed = signatures_of_step(request, row.step_no)
	with controlled_change():
		row.approver_lines = frappe.as_json(lines, indent=None)
		row.approvers = describe_lines(lines)
		request.pending_with = "\n".join(pending_users(row, lines, signed, excluded_signers(request, doc)))
		save_request(request)
		doc.add_comment("Info", note)
	return True


# --- state for the desk ---------------------------------------------------------------------------


def get_state(doc) -> dict:
	request = frappe.get_doc("Sign-off Request", doc.signoff_request) if doc.get("signoff_request") else None
	signatures = []
	if request:
		signatures = frappe.get_all(
			"Sign-off Signature",
			filters={"reference_doctype": doc.doctype, "reference_name": doc.name},
			fields=[
				"cycle",
				"step_no",
				"step_name",
				"signer",
				"on_behalf_of",
				"decision",
				"comment",
				"signed_at",
			],
			order_by="signed_at asc, creation asc",
		)
	user = frappe.session.user
	is_open = bool(request and request.status == PENDING and doc.get("signoff_status") == PENDING)
	pending_with, step_fields, lines, on_behalf = [], [], [], []
	if is_open:
		row = current_row(request)
		lines = row_lines(row)
		pending_with = [u for u in (request.pending_with or "").split("\n") if u]
		excluded = excluded_signers(request, doc)
		signed = signatures_of_step(request, row.step_no)
		if user not in excluded and user not in used_people(signed):
			on_behalf = [
				d
				for d in delegators_of(user)
				if d in pending_with and contributes(row, lines, signed, excluded, user, d)
			]
		for fieldname in (f.strip() for f in (row.step_fields or "").split(",")):
			df = doc.meta.get_field(fieldname) if fieldname else None
			if df:
				step_fields.append(
					{
						"fieldname": fieldname,
						"label": _(df.label),
						"fieldtype": df.fieldtype,
						"options": df.options,
						"default": doc.get(fieldname),
						"reqd": 1,
					}
				)
	people = {p for s in signatures for p in (s.signer, s.on_behalf_of) if p}
	people |= set(pending_with) | set(on_behalf) | {u for line in lines for u in line["users"]}
	return {
		"status": doc.get("signoff_status") or NOT_STARTED,
		"step_fields": step_fields,
		"request": request.as_dict() if request else None,
		"signatures": signatures,
		"pending_with": pending_with,
		"lines": lines,
		"names": {p: frappe.utils.get_fullname(p) for p in people},
		"can_sign": user in pending_with,
		"can_sign_on_behalf_of": on_behalf,
		"can_manage": is_open and bool(set(frappe.get_roles()) & {CLIENT_SERVICE_HEAD, AGENCY_MANAGEMENT}),
	}


def delegators_of(user: str) -> list[str]:
	today = nowdate()
	return frappe.get_all(
		"Sign-off Delegation",
		filters={"delegate": user, "enabled": 1, "from_date": ("<=", today), "to_date": (">=", today)},
		pluck="delegator",
	)


# --- custom fields on signable doctypes ----------------------------------------------------------


def ensure_signoff_fields(doctype: str):
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	meta = frappe.get_meta(doctype)
	if meta.has_field("signoff_status"):
		return
	last = meta.fields[-1].fieldname if meta.fields else None
	fields = []
	for field in SIGNOFF_FIELDS:
		fields.append({**field, "insert_after": last})
		last = field["fieldname"]
	create_custom_fields({doctype: fields}, ignore_validate=True)
