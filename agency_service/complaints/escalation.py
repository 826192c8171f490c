"""The escalation job (every five minutes): reads only the complaints that are due, decides in memory, writes in bulk, one digest per person."""

import secrets
from functools import partial

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Max
from frappe.utils import cint, create_batch, get_datetime, now_datetime
from pypika.terms import Values

from agency_service import notify
from agency_service.bulk import bulk_insert_rows, execute_with_parameters
from agency_service.complaints.base import (
	CRITICAL_COMPLAINT,
	DIRECTOR,
	DOCTYPE,
	ESCALATION_FLAGS,
	FULFILLED_STATUSES,
	MANAGEMENT,
	WARNING,
)
from agency_service.complaints.deadlines import due_escalations, next_escalation_at
from agency_service.job_lock import runs_alone
from agency_service.roles import users_with_role

# --- the escalation job ----------------------------------------------------------------------------

ROW_FIELDS = (
	"name",
	"subject",
	"customer_name",
	"status",
	"priority",
	"received_at",
	"creation",
	"first_responded_on",
	"response_by",
	"sla_resolution_by",
	"response_warn_at",
	"resolution_warn_at",
	"response_breached",
	"resolution_breached",
	"account_manager",
	"account_director",
	"investigator",
	*ESCALATION_FLAGS,
)


def escalate_due_complaints(now=None) -> int:
	"""Scheduled every five minutes: the escalations that have come due, each once. Returns how many."""
	now = get_datetime(now) if now else now_datetime()
	# The query builder, not frappe.get_all: get_all wraps a date column in ifnull(…, '0001-01-01') for
	# "<=", which would match every complaint without a due time and defeat the index.
	complaint = frappe.qb.DocType(DOCTYPE)
	rows = (
		frappe.qb.from_(complaint)
		.select(*(complaint[field] for field in ROW_FIELDS))
		.where(complaint.next_escalation_at <= now)
		.where(complaint.status.notin(FULFILLED_STATUSES))
		.orderby(complaint.next_escalation_at)
		.for_update()  # locked until the job commits: none changes or disappears under the bulk writes
		.run(as_dict=True)
	)
	if not rows:
		return 0
	management = None
	assignees = open_assignees([row.name for row in rows])
	log, updates, digests = [], [], {}
	for row in rows:
		events = due_escalations(row, now)
		updates.append(row)
		for level, deadline in events:
			if level == WARNING:
				users = {*assignees.get(row.name, ()), row.investigator, row.account_manager}
			elif level == DIRECTOR:
				users = {row.account_director or row.account_manager}
			else:
				if management is None:
					management = set(users_with_role(MANAGEMENT))
				users = management
			users = sorted(u for u in users if u)
			log.append((row.name, level, deadline, users))
			text = partial(escalation_text, level, deadline, row)  # written only if the digest lists it
			for user in users:
				digests.setdefault(user, []).append((DOCTYPE, row.name, text))
	write_escalations(log, updates, now)
	notify.send_digests(
		digests,
		lambda count: _("{0} complaints need your attention").format(count),
		_("… and {0} more: see the Complaint SLA Compliance report."),
	)
	return len(log)


def escalation_text(level, deadline, row) -> str:
	subject = f"{row.customer_name or ''} · {row.subject or ''}"
	if level == WARNING:
		return _("{0} deadline close: {1}").format(_(deadline), subject)
	if level == DIRECTOR:
		return _("{0} deadline missed: {1}").format(_(deadline), subject)
	if deadline == CRITICAL_COMPLAINT:
		return _("Critical complaint: {0}").format(subject)
	return _("Second missed deadline: {0}").format(subject)


def open_assignees(names: list[str]) -> dict[str, list[str]]:
	found = {}
	for chunk in create_batch(names, 1000):
		for todo in frappe.get_all(
			"ToDo",
			filters={"reference_type": DOCTYPE, "reference_name": ("in", chunk), "status": "Open"},
			fields=["reference_name", "allocated_to"],
		):
			found.setdefault(todo.reference_name, []).append(todo.allocated_to)
	return found


def write_escalations(log, rows, now):
	"""Log rows and flags in bulk; ``modified`` moves on so a form opened earlier cannot overwrite them."""
	escalation, complaint = DocType("Client Complaint Escalation"), DocType(DOCTYPE)
	stamp = str(get_datetime(now))  # written once, not escaped as a datetime in every row
	last_idx = {}
	for chunk in create_batch(sorted({name for name, *_rest in log}), 1000):
		last_idx.update(
			frappe.qb.from_(escalation)
			.select(escalation.parent, Max(escalation.idx))
			.where(escalation.parent.isin(chunk))
			.groupby(escalation.parent)
			.run()
		)
	entries = []
	# the rows' random names drawn at once (one call for the random source, not one per row)
	names = secrets.token_hex(6 * len(log))
	for n, (name, level, deadline, users) in enumerate(log):
		last_idx[name] = last_idx.get(name, 0) + 1
		entries.append(
			{
				"name": names[12 * n : 12 * n + 12],
				"parent": name,
				"parenttype": DOCTYPE,
				"parentfield": "escalations",
				"idx": last_idx[name],
				"level": level,
				"deadline": deadline,
				"notified": "\n".join(users),
				"escalated_at": stamp,
				"creation": stamp,
				"modified": stamp,
			}
		)
	bulk_insert_rows("Client Complaint Escalation", entries)
	columns = ("name", *ESCALATION_FLAGS, "response_breached", "resolution_breached", "next_escalation_at")
	staged = [
		(
			row.name,
			*(cint(row.get(flag)) for flag in ESCALATION_FLAGS),
			cint(row.response_breached),
			cint(row.resolution_breached),
			next_escalation_at(row),
			stamp,
		)
		for row in rows
	]

	def update_on_duplicate(query):
		for column in (*columns[1:], "modified"):
			query = query.on_duplicate_key_update(complaint[column], Values(complaint[column]))
		return query

	for chunk in create_batch(staged, 5000):
		# every name exists, so this insert only ever takes its update branch: one statement per chunk
		execute_with_parameters(
			frappe.qb.into(complaint).columns(*columns, "modified"), chunk, then=update_on_duplicate
		)


def announce_new_complaint(name: str):
	"""The account manager and director hear of a new complaint (run in the background)."""
	doc = frappe.get_doc(DOCTYPE, name)
	for user in {doc.account_manager, doc.account_director} - {None, ""}:
		notify.alert(user, _("New complaint from {0}: {1}").format(doc.customer_name, doc.subject), doc)


def announce_client_message(name: str, sender: str):
	"""The investigator and account manager hear of a client's message on the portal (run in the background)."""
	doc = frappe.get_doc(DOCTYPE, name)
	for user in {doc.investigator, doc.account_manager} - {None, ""}:
		notify.alert(user, _("New message from the client on {0}").format(doc.name), doc, from_user=sender)


@runs_alone
def escalation_job():
	escalate_due_complaints()
