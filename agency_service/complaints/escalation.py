"""The escalation job (every five minutes): reads only the complaints that are due, decides in memory, writes in bulk, one digest per person."""

from functools import partial

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, now_datetime

from agency_service import notify
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
					from agency_service.signoff.rules import users_with_role

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
	for chunk in chunks(names, 1000):
		for todo in frappe.get_all(
			"ToDo",
			filters={"reference_type": DOCTYPE, "reference_name": ("in", chunk), "status": "Open"},
			fields=["reference_name", "allocated_to"],
		):
			found.setdefault(todo.reference_name, []).append(todo.allocated_to)
	return found


def chunks(items, size):
	for start in range(0, len(items), size):
		yield items[start : start + size]


def write_escalations(log, rows, now):
	"""Log rows and flags in bulk; ``modified`` moves on so a form opened earlier cannot overwrite them."""
	last_idx = {}
	for chunk in chunks(sorted({name for name, *_rest in log}), 1000):
		last_idx.update(
			frappe.db.sql(
				"""select parent, max(idx) from `tabClient Complaint Escalation`
				where parent in %(names)s group by parent""",
				{"names": chunk},
			)
		)
	values = []
	for name, level, deadline, users in log:
		last_idx[name] = last_idx.get(name, 0) + 1
		values.append(
			(frappe.generate_hash(length=12), name, last_idx[name], level, deadline, "\n".join(users))
		)
	# one multi-row INSERT per chunk; the columns every row shares are bound once, as session variables
	frappe.db.sql("set @parenttype = %s, @now = %s, @user = 'Administrator'", (DOCTYPE, now))
	fields = "name, parent, idx, level, deadline, notified"
	shared = "parenttype, parentfield, escalated_at, creation, modified, owner, modified_by, docstatus"
	row_sql = "(%s, %s, %s, %s, %s, %s, @parenttype, 'escalations', @now, @now, @now, @user, @user, 0)"
	for chunk in chunks(values, 5000):
		frappe.db.sql(
			f"insert into `tabClient Complaint Escalation` ({fields}, {shared}) values "
			+ ", ".join([row_sql] * len(chunk)),
			[value for row in chunk for value in row],
		)
	staged = [
		(
			row.name,
			*(cint(row.get(flag)) for flag in ESCALATION_FLAGS),
			cint(row.response_breached),
			cint(row.resolution_breached),
			next_escalation_at(row),
		)
		for row in rows
	]
	columns = ("name", *ESCALATION_FLAGS, "response_breached", "resolution_breached", "next_escalation_at")
	assignments = ", ".join(f"{column} = values({column})" for column in columns[1:])
	row_sql = "(" + ", ".join(["%s"] * len(columns)) + ", @now)"
	for chunk in chunks(staged, 5000):
		# every name exists, so this "insert" only ever takes its update branch: one statement per chunk
		frappe.db.sql(
			f"insert into `tabClient Complaint` ({', '.join(columns)}, modified) values "
			+ ", ".join([row_sql] * len(chunk))
			+ f" on duplicate key update {assignments}, modified = values(modified)",
			[value for row in chunk for value in row],
		)


def announce_new_complaint(name: str):
	"""The account manager and director hear of a new complaint (run in the background)."""
	doc = frappe.get_doc(DOCTYPE, name)
	for user in {doc.account_manager, doc.account_director} - {None, ""}:
		notify.alert(user, _("New complaint from {0}: {1}").format(doc.customer_name, doc.subject), doc)


def escalation_job():
	escalate_due_complaints()
