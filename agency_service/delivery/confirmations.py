"""What a client confirms in writing on the portal, and the confirmation itself.

An item to confirm is a milestone reached (a completed milestone task of the work order's project), the
proposal (the work order proposed to the client), an estimate (a submitted Quotation of the work order)
or a change request that awaits the client. Each carries a *version*: a fingerprint of the content the
client is shown. A confirmation names the version it confirms; when the stored item has changed since,
it is refused — a client never confirms something other than what they saw."""

import hashlib
import json

import frappe
from frappe import _
from frappe.utils import now_datetime, strip_html

from agency_service import notify
from agency_service.delivery.plan import MILESTONE_FIELDS

CONFIRMATION = "Client Confirmation"
CHANGE_REQUEST = "Work Order Change Request"
WORK_ORDER = "Client Work Order"
CONFIRMED, CHANGES_REQUESTED = "Confirmed", "Changes Requested"
DECISIONS = (CONFIRMED, CHANGES_REQUESTED)
MILESTONE, PROPOSAL, ESTIMATE, CHANGE = "Milestone", "Proposal", "Estimate", "Change Request"
PROPOSAL_FIELDS = ("title", "objectives", "deliverables", "budget", "deadline", "proposed_on")


class ConfirmationError(frappe.ValidationError):
	pass


class OutdatedVersionError(ConfirmationError):
	pass


def fingerprint(values) -> str:
	return hashlib.sha256(json.dumps(values, default=str, ensure_ascii=False).encode()).hexdigest()[:20]


def item(kind, doctype, name, subject, content, values) -> frappe._dict:
	return frappe._dict(
		kind=kind,
		reference_doctype=doctype,
		reference_name=name,
		subject=subject,
		content=content,
		version=fingerprint([doctype, name, *values]),
	)


def confirmed_versions(work_orders: list[str]) -> set[tuple[str, str, str]]:
	"""(doctype, name, version) of everything already answered for these work orders."""
	return {
		(row.reference_doctype, row.reference_name, row.version)
		for row in frappe.get_all(
			CONFIRMATION,
			filters={"work_order": ("in", work_orders or [""])},
			fields=["reference_doctype", "reference_name", "version"],
			ignore_permissions=True,
		)
	}


def pending_items(work_order) -> list[frappe._dict]:
	"""What the client is asked to confirm now, each with the version it is shown."""
	return pending_items_of([work_order])[work_order.name]


def pending_items_of(work_orders: list) -> dict[str, list[frappe._dict]]:
	"""``pending_items`` of many work orders at once (documents or rows with the work order's name,
	status, project and proposal fields), in a fixed number of queries: the progress-report job asks it
	for thousands of work orders."""
	items = {order.name: [] for order in work_orders}
	by_project = {order.project: order.name for order in work_orders if order.get("project")}
	for task in reached_milestones(list(by_project)):
		content = strip_html(task.description or "")
		items[by_project[task.project]].append(
			item(
				MILESTONE,
				"Task",
				task.name,
				task.subject,
				content,
				[task.subject, content, task.exp_end_date],
			)
		)
	for order in work_orders:
		if order.status == "Proposed to Client":
			values = [order.get(f) for f in PROPOSAL_FIELDS]
			content = strip_html(order.get("deliverables") or "")
			items[order.name].append(item(PROPOSAL, WORK_ORDER, order.name, order.title, content, values))
	for quotation, lines in submitted_estimates(list(items)):
		content = "; ".join(f"{line.item_name} × {line.qty:g} = {line.amount:,.2f}" for line in lines)
		values = [
			quotation.grand_total,
			quotation.currency,
			quotation.valid_till,
			[tuple(line.values()) for line in lines],
		]
		subject = _("Estimate {0}: {1} {2}").format(
			quotation.name, quotation.currency, f"{quotation.grand_total:,.2f}"
		)
		items[quotation.client_work_order].append(
			item(ESTIMATE, "Quotation", quotation.name, subject, content, values)
		)
	for change in frappe.get_all(
		CHANGE_REQUEST,
		filters={"work_order": ("in", list(items) or [""]), "status": "Awaiting Client"},
		fields=["name", "work_order", "description", "budget_change", "new_deadline"],
		ignore_permissions=True,
	):
		values = [change.description, change.budget_change, change.new_deadline]
		items[change.work_order].append(
			item(CHANGE, CHANGE_REQUEST, change.name, change.description, change.description, values)
		)
	answered = confirmed_versions(list(items))
	return {
		name: [i for i in pending if (i.reference_doctype, i.reference_name, i.version) not in answered]
		for name, pending in items.items()
	}


def reached_milestones(projects: list[str]) -> list[frappe._dict]:
	"""The completed milestone tasks of ``projects``, in the order of the plan."""
	if not projects:
		return []
	return frappe.get_all(
		"Task",
		filters={"project": ("in", projects), "is_milestone": 1, "status": "Completed"},
		fields=["project", *MILESTONE_FIELDS],
		order_by="exp_end_date, creation",
		ignore_permissions=True,
	)


def submitted_estimates(work_orders: list[str]) -> list[tuple[frappe._dict, list[frappe._dict]]]:
	"""The submitted quotations of ``work_orders``, each with its lines (item, qty, rate, amount)."""
	quotations = frappe.get_all(
		"Quotation",
		filters={"client_work_order": ("in", work_orders or [""]), "docstatus": 1},
		fields=["name", "client_work_order", "grand_total", "currency", "valid_till"],
		ignore_permissions=True,
	)
	lines: dict[str, list] = {q.name: [] for q in quotations}
	for line in frappe.get_all(
		"Quotation Item",
		filters={"parent": ("in", list(lines) or [""]), "parenttype": "Quotation"},
		fields=["parent", "item_name", "qty", "rate", "amount"],
		order_by="parent, idx",
		ignore_permissions=True,
	):
		parent = line.pop("parent")
		lines[parent].append(line)
	return [(q, lines[q.name]) for q in quotations]


def confirm(work_order, version: str, decision: str, comments: str | None):
	"""Record the client's answer to the pending item shown in ``version`` (its fingerprint names the item
	and its content), then let the item act on it. The work order's row is locked first, so two answers
	to the same item cannot both be recorded."""
	if decision not in DECISIONS:
		throw(_("The answer is one of: {0}.").format(", ".join(_(d) for d in DECISIONS)))
	comments = (comments or "").strip()
	if decision == CHANGES_REQUESTED and not comments:
		throw(_("Write what you would like changed."))
	frappe.db.get_value(WORK_ORDER, work_order.name, "name", for_update=True)
	target = next((i for i in pending_items(work_order) if i.version == version), None)
	if not target:
		throw(
			_(
				"This has changed since you opened it, or has been answered: reload the page and check the current version."
			),
			OutdatedVersionError,
		)
	record = frappe.get_doc(
		{
			"doctype": CONFIRMATION,
			"work_order": work_order.name,
			"customer": work_order.customer,
			"subject_type": target.kind,
			"subject": (target.subject or "")[:140],
			"reference_doctype": target.reference_doctype,
			"reference_name": target.reference_name,
			"version": target.version,
			"content": target.content,
			"decision": decision,
			"comments": comments,
			"confirmed_by": frappe.session.user,
			"confirmed_at": now_datetime(),
		}
	).insert(ignore_permissions=True)
	act_on(work_order, target, decision, comments)
	return record.name


def act_on(work_order, target, decision: str, comments: str):
	"""What the answer does: the proposal's decision moves the work order; a change request is applied or
	sent back; a milestone or an estimate is noted on its record and the account team is told."""
	if target.kind == PROPOSAL:
		work_order.apply_client_decision("Approved" if decision == CONFIRMED else "Revise", comments)
	elif target.kind == CHANGE:
		frappe.get_doc(CHANGE_REQUEST, target.reference_name).answer_of_client(
			decision == CONFIRMED, comments
		)
	text = _("{0} by the client ({1}): {2}").format(_(decision), frappe.session.user, target.subject)
	if comments:
		text += " — " + comments
	frappe.get_doc(target.reference_doctype, target.reference_name).add_comment("Info", text)
	for user in {work_order.get("owner")} | set(account_team(work_order.customer)):
		if user:
			notify.alert(user, text, work_order)


def account_team(customer: str) -> list[str]:
	return [
		u
		for u in frappe.db.get_value(
			"Customer", customer, ["account_manager", "account_executive"], as_dict=False
		)
		or ()
		if u
	]


def throw(message, exc=ConfirmationError):
	frappe.throw(message, title=_("Confirmation"), exc=exc)
