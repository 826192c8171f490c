"""Overdue steps: the hourly reminder job and the query behind it and the Pending Sign-offs report."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import get_datetime, now_datetime

from agency_service import notify
from agency_service.job_lock import runs_alone
from agency_service.roles import CLIENT_SERVICE_HEAD, users_with_role
from agency_service.signoff.rules import PENDING

# --- overdue steps -------------------------------------------------------------------------------


def pending_requests_query():
	"""Open sign-off requests with their current step and who is awaited (for the job and the report)."""
	request = DocType("Sign-off Request")
	return (
		frappe.qb.from_(request)
		.select(
			request.name,
			request.reference_doctype,
			request.reference_name,
			request.current_step_no,
			request.current_step_name,
			request.pending_with,
			request.step_started_at,
			request.step_deadline,
			request.reminder_level,
		)
		.where(request.status == PENDING)
	)


@runs_alone
def remind_overdue_steps_job():
	remind_overdue_steps()


def remind_overdue_steps():
	"""Hourly: remind approvers of steps past their deadline, and the Client Service Head past twice it.

	Set-based: one query finds every request due for a reminder, one update marks them, and each person
	gets a single digest (system notification + email) listing all their overdue sign-offs."""
	now = now_datetime()
	request = DocType("Sign-off Request")
	due = (
		pending_requests_query()
		.where(
			request.step_deadline.isnotnull() & (request.step_deadline <= now) & (request.reminder_level < 2)
		)
		.run(as_dict=True)
	)
	digests: dict[str, list] = {}
	level_1, level_2 = [], []
	heads = None
	for row in due:
		deadline, started = get_datetime(row.step_deadline), get_datetime(row.step_started_at)
		escalate = now >= deadline + (deadline - started)
		if row.reminder_level < 1:
			for user in (row.pending_with or "").split("\n"):
				if user:
					digests.setdefault(user, []).append(row)
			level_1.append(row.name)
		if escalate:
			heads = heads if heads is not None else users_with_role(CLIENT_SERVICE_HEAD)
			for user in heads:
				digests.setdefault(user, []).append(row)
			level_2.append(row.name)
	for names, level in ((level_1, 1), (level_2, 2)):
		if names:
			frappe.qb.update(request).set(request.reminder_level, level).where(request.name.isin(names)).run()
	send_digests(digests)
	return {"reminded": len(level_1), "escalated": len(level_2), "people": len(digests)}


def send_digests(digests: dict[str, list]):
	notify.send_digests(
		{
			user: [(r.reference_doctype, r.reference_name, _(r.current_step_name or "")) for r in rows]
			for user, rows in digests.items()
		},
		lambda count: _("{0} sign-offs are overdue").format(count),
		_("… and {0} more: see the Pending Sign-offs report."),
	)
