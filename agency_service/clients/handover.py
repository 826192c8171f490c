"""Handing a client over (交接 / 职务代理人, 003): once a Client Handover is signed by both people and the
Client Service Head, every open item of that client held by the outgoing person moves to the successor —
open visits, visit action items, open complaints, the steps of pending sign-offs and open ToDos — and
the client's keeper history records who kept it from when to when. A stand-in period hands everything
back by itself when it ends (daily job).

Set-based: the items are found by query and moved by name, so a client with hundreds of open items is
handed over in one short transaction. Moving only what the outgoing person still holds makes it
idempotent: carried out twice, the second run finds nothing left to move."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import getdate, now_datetime, nowdate

from agency_service.complaints.base import FULFILLED_STATUSES
from agency_service.job_lock import runs_alone
from agency_service.signoff.engine import hand_over_approver
from agency_service.signoff.rules import PENDING
from agency_service.visits.rules import MINUTES_DUE, MINUTES_OVERDUE, PLANNED

HANDOVER = "Client Handover"
HANDED_OVER, STAND_IN_ACTIVE, STAND_IN_ENDED = "Handed Over", "Stand-in Active", "Stand-in Ended"
OPEN_VISIT_STATUSES = (PLANNED, MINUTES_DUE, MINUTES_OVERDUE)
CLOSED_COMPLAINT_STATUSES = (*FULFILLED_STATUSES, "Cancelled")
TEAM_ROLE_FIELDS = {"Account Manager": "account_manager", "Account Executive": "account_executive"}
# records of a client (a ``customer`` field) whose open ToDos go with the client
CLIENT_RECORDS = (
	"Client Visit",
	"Client Complaint",
	"Client Work Order",
	"Client Tier Change",
	"Survey Response",
	"Survey Invitation",
	"Care Reminder",
	"Receivables Reminder",
	"Brand File",
	"Contract",
)


def carry_out(handover) -> dict:
	"""Move the client's open items from the outgoing to the incoming person; record the keeper."""
	moved = move_open_items(handover.customer, handover.outgoing_user, handover.incoming_user, handover.name)
	field = TEAM_ROLE_FIELDS[handover.team_role]
	if frappe.db.get_value("Customer", handover.customer, field) == handover.outgoing_user:
		frappe.db.set_value("Customer", handover.customer, field, handover.incoming_user)
	record_keeper(handover, handover.outgoing_user, handover.incoming_user, stand_in=is_stand_in(handover))
	return moved


def end_stand_in(handover) -> dict:
	"""The stand-in period is over: everything of the client the stand-in holds goes back."""
	moved = move_open_items(handover.customer, handover.incoming_user, handover.outgoing_user, handover.name)
	field = TEAM_ROLE_FIELDS[handover.team_role]
	if frappe.db.get_value("Customer", handover.customer, field) == handover.incoming_user:
		frappe.db.set_value("Customer", handover.customer, field, handover.outgoing_user)
	record_keeper(handover, handover.incoming_user, handover.outgoing_user, stand_in=False)
	return moved


def is_stand_in(handover) -> bool:
	return handover.handover_type == "Stand-in"


# --- moving the open items -------------------------------------------------------------------------


def move_open_items(customer: str, old: str, new: str, handover: str) -> dict:
	moved = {
		"Client Visit": move_visits(customer, old, new),
		"Client Visit Action Item": move_action_items(customer, old, new),
		"Client Complaint": move_complaints(customer, old, new),
		"Sign-off Request": move_signoff_steps(customer, old, new, handover),
		"ToDo": move_todos(customer, old, new, handover),
	}
	brand_file = DocType("Brand File")
	frappe.qb.update(brand_file).set(brand_file.keeper, new).where(
		(brand_file.customer == customer) & (brand_file.keeper == old)
	).run()
	return moved


def move_visits(customer: str, old: str, new: str) -> int:
	visit = DocType("Client Visit")
	names = (
		frappe.qb.from_(visit)
		.select(visit.name)
		.where(
			(visit.customer == customer)
			& (visit.account_manager == old)
			& visit.status.isin(OPEN_VISIT_STATUSES)
			& (visit.docstatus < 2)
		)
		.run(pluck=True)
	)
	if names:
		frappe.qb.update(visit).set(visit.account_manager, new).where(visit.name.isin(names)).run()
	return len(names)


def move_action_items(customer: str, old: str, new: str) -> int:
	visit, item = DocType("Client Visit"), DocType("Client Visit Action Item")
	names = (
		frappe.qb.from_(item)
		.join(visit)
		.on((visit.name == item.parent) & (item.parenttype == "Client Visit"))
		.select(item.name)
		.where((visit.customer == customer) & (item.assigned_to == old) & (item.status == "Open"))
		.run(pluck=True)
	)
	if names:
		frappe.qb.update(item).set(item.assigned_to, new).where(item.name.isin(names)).run()
	return len(names)


def move_complaints(customer: str, old: str, new: str) -> int:
	complaint = DocType("Client Complaint")
	open_complaints = (complaint.customer == customer) & complaint.status.notin(CLOSED_COMPLAINT_STATUSES)
	names = set()
	for field in ("account_manager", "investigator"):
		held = (
			frappe.qb.from_(complaint)
			.select(complaint.name)
			.where(open_complaints & (complaint[field] == old))
		)
		held = held.run(pluck=True)
		if held:
			frappe.qb.update(complaint).set(complaint[field], new).where(complaint.name.isin(held)).run()
			names |= set(held)
	return len(names)


def move_signoff_steps(customer: str, old: str, new: str, handover: str) -> int:
	request = DocType("Sign-off Request")
	pending = (
		frappe.qb.from_(request)
		.select(request.name, request.reference_doctype, request.reference_name)
		.where((request.status == PENDING) & request.pending_with.like(f"%{old}%"))
		.run(as_dict=True)
	)
	note = _("Handover {0}: {1} takes over from {2} in the open sign-off step.").format(
		handover, frappe.utils.get_fullname(new), frappe.utils.get_fullname(old)
	)
	moved = 0
	for row in pending:
		if (
			row.reference_doctype == HANDOVER
			or client_of(row.reference_doctype, row.reference_name) != customer
		):
			continue
		moved += hand_over_approver(row.name, old, new, note)
	return moved


def client_of(doctype: str, name: str) -> str | None:
	if doctype == "Customer":
		return name
	if not frappe.get_meta(doctype).has_field("customer"):
		return None
	return frappe.db.get_value(doctype, name, "customer")


def move_todos(customer: str, old: str, new: str, handover: str) -> int:
	"""Open ToDos of ``old`` on the client or on any record of the client (not on the handover itself)."""
	todo = DocType("ToDo")
	open_todos = (
		frappe.qb.from_(todo)
		.select(todo.name, todo.reference_type, todo.reference_name)
		.where((todo.allocated_to == old) & (todo.status == "Open"))
	)
	rows = open_todos.where(todo.reference_type.isin(["Customer", *CLIENT_RECORDS])).run(as_dict=True)
	by_type: dict[str, set[str]] = {}
	for row in rows:
		by_type.setdefault(row.reference_type, set()).add(row.reference_name)
	of_client = {("Customer", customer)}
	for doctype, names in by_type.items():
		if doctype == "Customer":
			continue
		table = DocType(doctype)
		found = (
			frappe.qb.from_(table)
			.select(table.name)
			.where(table.name.isin(list(names)) & (table.customer == customer))
			.run(pluck=True)
		)
		of_client |= {(doctype, name) for name in found}
	moving = [row for row in rows if (row.reference_type, row.reference_name) in of_client]
	if not moving:
		return 0
	frappe.qb.update(todo).set(todo.allocated_to, new).where(todo.name.isin([r.name for r in moving])).run()
	for doctype, name in {(r.reference_type, r.reference_name) for r in moving}:
		reassign_in_assign_list(doctype, name, old, new)
	return len(moving)


def reassign_in_assign_list(doctype: str, name: str, old: str, new: str):
	"""Keep the ``_assign`` list a document shows in the desk in step with its ToDos."""
	assigned = frappe.parse_json(frappe.db.get_value(doctype, name, "_assign") or "[]") or []
	updated = sorted({new if user == old else user for user in assigned})
	frappe.db.set_value(doctype, name, "_assign", frappe.as_json(updated), update_modified=False)


# --- who kept the client when ----------------------------------------------------------------------


def record_keeper(handover, old: str, new: str, stand_in: bool):
	"""Close ``old``'s period with the client and open ``new``'s (once per handover and person)."""
	if frappe.db.exists(
		"Client Keeper Period", {"handover": handover.name, "user": new, "to_date": ("is", "not set")}
	):
		return
	today = getdate(nowdate())
	period = DocType("Client Keeper Period")
	open_period = frappe.db.get_value(
		"Client Keeper Period",
		{
			"customer": handover.customer,
			"team_role": handover.team_role,
			"user": old,
			"to_date": ("is", "not set"),
		},
		"name",
	)
	if open_period:
		frappe.qb.update(period).set(period.to_date, today).where(period.name == open_period).run()
	else:
		since = frappe.db.get_value("Customer", handover.customer, "creation")
		new_period(handover, old, getdate(since), today, stand_in=False)
	new_period(handover, new, today, None, stand_in=stand_in)


def new_period(handover, user: str, from_date, to_date, stand_in: bool):
	frappe.get_doc(
		{
			"doctype": "Client Keeper Period",
			"customer": handover.customer,
			"team_role": handover.team_role,
			"user": user,
			"from_date": from_date,
			"to_date": to_date,
			"stand_in": 1 if stand_in else 0,
			"handover": handover.name,
		}
	).insert(ignore_permissions=True)


# --- stand-ins end by themselves -------------------------------------------------------------------


def end_stand_ins(today=None) -> dict:
	today = getdate(today or nowdate())
	ended = []
	for name in frappe.get_all(
		HANDOVER,
		filters={"status": STAND_IN_ACTIVE, "to_date": ("<", today)},
		pluck="name",
		order_by="to_date asc",
	):
		handover = frappe.get_doc(HANDOVER, name, for_update=True)
		handover.finish_stand_in()
		ended.append(name)
	return {"ended": len(ended), "at": str(now_datetime())}


@runs_alone
def end_stand_ins_job():
	return end_stand_ins()
