"""Late minutes (hourly): flag them, remind the owner, tell the account director — each once."""

import datetime

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import (
	format_datetime,
	get_datetime,
	now_datetime,
)

from agency_service.job_lock import runs_alone
from agency_service.visits.rules import MINUTES_DUE, MINUTES_OVERDUE, PLANNED, VISIT, get_settings

# --- late minutes --------------------------------------------------------------------------------

# what the reminder to the owner and the note to the director say of a visit whose minutes are late
LATE_VISIT_FIELDS = (
	"name",
	"customer",
	"customer_name",
	"account_manager",
	"account_director",
	"visit_start",
	"minutes_due_at",
	"owner_reminded_at",
	"director_notified_at",
)


def flag_late_minutes(now=None) -> dict:
	"""Hourly: move open visits to Minutes Due / Minutes Overdue, remind the manager once, then tell the
	director once. Idempotent."""
	now = get_datetime(now or now_datetime())
	settings = get_settings()
	visit = DocType(VISIT)
	open_visit = visit.docstatus == 0
	(
		frappe.qb.update(visit)
		.set(visit.status, MINUTES_DUE)
		.where(
			open_visit & (visit.visit_end <= now) & (visit.minutes_due_at > now) & (visit.status == PLANNED)
		)
		.run()
	)
	(
		frappe.qb.update(visit)
		.set(visit.status, MINUTES_OVERDUE)
		.set(visit.minutes_late, 1)
		.where(open_visit & (visit.minutes_due_at <= now) & (visit.status != MINUTES_OVERDUE))
		.run()
	)
	late = (
		frappe.qb.from_(visit)
		.select(*LATE_VISIT_FIELDS)
		.where(
			open_visit
			& (visit.minutes_due_at <= now)
			& (visit.owner_reminded_at.isnull() | visit.director_notified_at.isnull())
		)
		.run(as_dict=True)
	)
	reminded = escalated = 0
	for row in late:
		if not row.owner_reminded_at:
			remind_owner_of_late_minutes(row)
			frappe.db.set_value(VISIT, row.name, "owner_reminded_at", now, update_modified=False)
			reminded += 1
		escalate_at = get_datetime(row.minutes_due_at) + datetime.timedelta(hours=settings.escalation_hours)
		if not row.director_notified_at and now >= escalate_at:
			tell_director_of_late_minutes(row)
			frappe.db.set_value(VISIT, row.name, "director_notified_at", now, update_modified=False)
			escalated += 1
	return {"reminded": reminded, "escalated": escalated}


@runs_alone
def flag_late_minutes_job():
	flag_late_minutes()
	frappe.db.commit()  # nosemgrep: scheduled job; flags and reminders are kept once sent


def remind_owner_of_late_minutes(row):
	send_email(
		recipients=[row.account_manager],
		subject=_("Minutes overdue: visit to {0}").format(row.customer_name or row.customer),
		message=_(
			"The minutes of your visit to {0} on {1} were due by {2}. Please write and submit them now."
		).format(
			row.customer_name or row.customer,
			format_datetime(row.visit_start, "yyyy-MM-dd HH:mm"),
			format_datetime(row.minutes_due_at, "yyyy-MM-dd HH:mm"),
		),
		reference_doctype=VISIT,
		reference_name=row.name,
	)


def tell_director_of_late_minutes(row):
	director = row.account_director or frappe.db.get_value("Customer", row.customer, "account_director")
	if not director:
		return
	send_email(
		recipients=[director],
		subject=_("Escalation: minutes overdue for the visit to {0}").format(
			row.customer_name or row.customer
		),
		message=_(
			"{0} has not submitted the minutes of the visit to {1} on {2}, due by {3}. Please follow up."
		).format(
			frappe.utils.get_fullname(row.account_manager),
			row.customer_name or row.customer,
			format_datetime(row.visit_start, "yyyy-MM-dd HH:mm"),
			format_datetime(row.minutes_due_at, "yyyy-MM-dd HH:mm"),
		),
		reference_doctype=VISIT,
		reference_name=row.name,
	)


def send_email(**kwargs) -> bool:
	"""Queue an email; without an outgoing email account, say so instead of failing the user's action."""
	try:
		frappe.sendmail(**kwargs)
		return True
	except frappe.OutgoingEmailError:
		frappe.log_error(title=_("Email not queued: no outgoing email account"))
		if frappe.request:
			frappe.msgprint(
				_("Saved, but the email could not be queued: set up an outgoing Email Account."),
				indicator="orange",
				alert=True,
			)
		return False
