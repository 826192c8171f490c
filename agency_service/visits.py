"""Visit plans and visit minutes (拜访计划 / 拜访纪要, DESIGN §5).

* **Planning** — a client's tier sets its visit cadence: the next visit is due ``cadence`` days after
  the last one held (a client never visited is due now). ``plan_due_visits`` runs daily and plans the
  next visit of every client whose visit falls due within the planning horizon, unless the client
  already has an open (unsubmitted) visit. Each planned visit gets a ToDo and a calendar Event for its
  account manager. Managers also plan by hand and reschedule; ``sync_visit_plan`` keeps the ToDo and
  Event in step with the visit.
* **Minutes** — submitting a visit submits its minutes. They are due ``minutes_due_hours`` after the
  visit ends (会议报告 24 小时内发出): the deadline instant itself is already late. ``flag_late_minutes``
  runs hourly, flags late minutes, reminds the account manager once and, ``escalation_hours`` later,
  tells the account director once. Submitting emails the minutes (print format) to the attendees,
  turns each action item into a ToDo and updates the client's last and next visit dates.
"""

import datetime
import json

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Max
from frappe.utils import (
	add_days,
	add_to_date,
	cint,
	format_date,
	format_datetime,
	generate_hash,
	get_datetime,
	getdate,
	now_datetime,
	nowdate,
	strip_html,
)

from agency_service.bulk import bulk_insert_rows, reserve_series_names
from agency_service.job_lock import runs_alone

VISIT = "Client Visit"
SETTINGS = "Visit and Care Settings"
VISIT_SERIES = "VIS-.YYYY.-.#####"
EVENT_SERIES = "EV.#####"
MINUTES_PRINT_FORMAT = "Client Visit Minutes"

PLANNED, MINUTES_DUE, MINUTES_OVERDUE, COMPLETED, CANCELLED = (
	"Planned",
	"Minutes Due",
	"Minutes Overdue",
	"Completed",
	"Cancelled",
)
DEFAULT_CHANNEL = "On-Site at Client"
DEFAULT_SETTINGS = {
	"planning_horizon_days": 14,
	"default_visit_hour": 10,
	"default_visit_minutes": 60,
	"minutes_due_hours": 24,
	"escalation_hours": 24,
}


def default_checklist() -> list[str]:
	return [
		_("Review the client's recent activity shown on this form"),
		_("Confirm the agenda and attendees with the client"),
		_("Prepare the materials to present"),
	]


class VisitScheduleError(frappe.ValidationError):
	pass


class MinutesMissingError(frappe.ValidationError):
	pass


class VisitNotOverError(frappe.ValidationError):
	pass


class ActionItemError(frappe.ValidationError):
	pass


class VisitAlreadyPlannedError(frappe.ValidationError):
	pass


def get_settings() -> frappe._dict:
	values = frappe.db.get_singles_dict(SETTINGS)
	settings = frappe._dict(DEFAULT_SETTINGS)
	for key in DEFAULT_SETTINGS:
		if values.get(key) not in (None, ""):
			settings[key] = values[key]
	for key in DEFAULT_SETTINGS:
		settings[key] = cint(settings[key])
	return settings


# --- pure rules ----------------------------------------------------------------------------------


def next_visit_due(
	last_visit: datetime.date | None, cadence_days: int, today: datetime.date
) -> datetime.date:
	"""The date the next visit falls due: ``cadence_days`` after the last one, or today if never visited."""
	if not last_visit:
		return today
	return getdate(last_visit) + datetime.timedelta(days=cadence_days)


def is_due_within(due: datetime.date, today: datetime.date, horizon_days: int) -> bool:
	return due <= today + datetime.timedelta(days=horizon_days)


def planned_visit_date(
	due: datetime.date, today: datetime.date, days_off: set[datetime.date] | frozenset = frozenset()
) -> datetime.date:
	"""The day to visit: the due date (today if already overdue), moved past holidays and weekends off."""
	day = max(due, today)
	while day in days_off:
		day += datetime.timedelta(days=1)
	return day


def minutes_deadline(visit_end, due_hours: int) -> datetime.datetime:
	return get_datetime(visit_end) + datetime.timedelta(hours=due_hours)


def minutes_are_late(deadline, at) -> bool:
	"""Minutes are on time strictly before the deadline; at the deadline itself they are late."""
	return get_datetime(at) >= get_datetime(deadline)


# --- the daily planner ---------------------------------------------------------------------------


@runs_alone
def plan_due_visits_job():
	plan_due_visits()
	frappe.db.commit()  # nosemgrep: scheduled long job; its work is kept once done


def plan_due_visits(today: datetime.date | None = None) -> dict:
	"""Plan the next visit of every client due within the horizon. Idempotent: a client with an open
	visit is never planned again. Returns what it did."""
	today = getdate(today or nowdate())
	settings = get_settings()
	candidates = clients_due_for_a_visit(today, settings.planning_horizon_days)
	unassigned = [c for c in candidates if not c.account_manager]
	to_plan = [c for c in candidates if c.account_manager]
	days_off = company_days_off(today, settings.planning_horizon_days)
	for client in to_plan:
		client.visit_date = planned_visit_date(client.due_date, today, days_off)
	insert_planned_visits(to_plan, settings)
	return {"planned": len(to_plan), "without_account_manager": len(unassigned)}


def clients_due_for_a_visit(today: datetime.date, horizon_days: int) -> list[frappe._dict]:
	customer, tier, visit = DocType("Customer"), DocType("Client Tier"), DocType(VISIT)
	clients = (
		frappe.qb.from_(customer)
		.join(tier)
		.on(tier.name == customer.client_tier)
		.select(
			customer.name,
			customer.customer_name,
			customer.client_tier,
			customer.account_manager,
			customer.account_director,
			customer.last_visit_date,
			tier.visit_cadence_days,
		)
		.where((customer.disabled == 0) & (tier.visit_cadence_days > 0))
		.run(as_dict=True)
	)
	open_visits = set(
		frappe.qb.from_(visit).select(visit.customer).where(visit.docstatus == 0).distinct().run(pluck=True)
	)
	last_held = dict(
		frappe.qb.from_(visit)
		.select(visit.customer, Max(visit.visit_start))
		.where(visit.docstatus == 1)
		.groupby(visit.customer)
		.run()
	)
	due_clients = []
	for client in clients:
		if client.name in open_visits:
			continue
		last = max(
			[getdate(d) for d in (last_held.get(client.name), client.last_visit_date) if d], default=None
		)
		client.due_date = next_visit_due(last, client.visit_cadence_days, today)
		if is_due_within(client.due_date, today, horizon_days):
			due_clients.append(client)
	return due_clients


def company_days_off(today: datetime.date, horizon_days: int) -> set[datetime.date]:
	"""Holidays and weekly offs of the default company's Holiday List (ERPNext), if it has one."""
	company = frappe.defaults.get_global_default("company")
	holiday_list = company and frappe.get_cached_value("Company", company, "default_holiday_list")
	if not holiday_list:
		return set()
	holiday = DocType("Holiday")
	end = today + datetime.timedelta(days=horizon_days + 31)
	return set(
		frappe.qb.from_(holiday)
		.select(holiday.holiday_date)
		.where(
			(holiday.parent == holiday_list)
			& (holiday.parenttype == "Holiday List")
			& (holiday.holiday_date[today:end])
		)
		.run(pluck=True)
	)


def insert_planned_visits(clients: list[frappe._dict], settings: frappe._dict):
	if not clients:
		return
	visit_names = reserve_series_names(VISIT_SERIES, len(clients))
	event_names = reserve_series_names(EVENT_SERIES, len(clients))
	start_time = datetime.time(min(max(settings.default_visit_hour, 0), 23))
	checklist = default_checklist()
	visits, todos, events, checklist_rows = [], [], [], []
	for client, visit_name, event_name in zip(clients, visit_names, event_names, strict=True):
		start = datetime.datetime.combine(client.visit_date, start_time)
		end = start + datetime.timedelta(minutes=settings.default_visit_minutes)
		todo_name = generate_hash(length=10)
		purpose = _("Regular visit per the {0} service policy").format(_(client.client_tier))
		visits.append(
			{
				"name": visit_name,
				"owner": client.account_manager,
				"customer": client.name,
				"customer_name": client.customer_name,
				"client_tier": client.client_tier,
				"account_manager": client.account_manager,
				"account_director": client.account_director,
				"status": PLANNED,
				"visit_start": start,
				"visit_end": end,
				"channel": DEFAULT_CHANNEL,
				"due_date": client.due_date,
				"auto_planned": 1,
				"purpose": purpose,
				"minutes_due_at": minutes_deadline(end, settings.minutes_due_hours),
				"minutes_late": 0,
				"todo": todo_name,
				"event": event_name,
				# what ToDo.on_update would record: the list view's "Assigned To" shows the manager
				"_assign": json.dumps([client.account_manager]),
			}
		)
		todos.append(
			{
				"name": todo_name,
				"status": "Open",
				"priority": "Medium",
				"date": client.visit_date,
				"allocated_to": client.account_manager,
				"description": visit_todo_text(client.customer_name, start, purpose),
				"reference_type": VISIT,
				"reference_name": visit_name,
				"assigned_by": "Administrator",
			}
		)
		events.append(
			{
				"name": event_name,
				"owner": client.account_manager,
				"subject": visit_event_subject(client.customer_name),
				"event_category": "Meeting",
				"event_type": "Private",
				"starts_on": start,
				"ends_on": end,
				"status": "Open",
				"description": purpose,
				"reference_doctype": VISIT,
				"reference_docname": visit_name,
			}
		)
		for idx, item in enumerate(checklist, 1):
			checklist_rows.append(
				{
					"name": generate_hash(length=10),
					"parent": visit_name,
					"parenttype": VISIT,
					"parentfield": "preparation_checklist",
					"idx": idx,
					"check_item": item,
					"done": 0,
				}
			)
	bulk_insert_rows(VISIT, visits)
	bulk_insert_rows("Client Visit Checklist Item", checklist_rows)
	bulk_insert_rows("ToDo", todos)
	bulk_insert_rows("Event", events)
	set_next_visit_dates({client.name: client.due_date for client in clients})


def set_next_visit_dates(next_dates: dict[str, datetime.date]):
	"""Write Customer.next_visit_date, one UPDATE per distinct date."""
	by_date: dict[datetime.date, list[str]] = {}
	for customer, date in next_dates.items():
		by_date.setdefault(date, []).append(customer)
	customer = DocType("Customer")
	for date, names in by_date.items():
		frappe.qb.update(customer).set(customer.next_visit_date, date).where(customer.name.isin(names)).run()


def visit_event_subject(customer_name: str) -> str:
	return _("Client visit: {0}").format(customer_name)


def visit_todo_text(customer_name: str, start, purpose: str) -> str:
	return _("Visit {0} on {1}: {2}").format(
		customer_name, format_datetime(start, "yyyy-MM-dd HH:mm"), purpose
	)


# --- a visit's own lifecycle (called by the Client Visit controller) --------------------------------


def validate_visit(doc):
	settings = get_settings()
	if not doc.account_manager:
		doc.account_manager = frappe.db.get_value("Customer", doc.customer, "account_manager")
	if not doc.account_manager:
		frappe.throw(
			_("Client {0} has no account manager: set one on the client or on this visit.").format(
				frappe.bold(doc.customer_name or doc.customer)
			),
			title=_("Account Manager Missing"),
			exc=VisitScheduleError,
		)
	if not doc.visit_end and doc.visit_start:
		doc.visit_end = add_to_date(doc.visit_start, minutes=settings.default_visit_minutes)
	if get_datetime(doc.visit_end) <= get_datetime(doc.visit_start):
		frappe.throw(
			_("The visit must end after it starts."), title=_("Invalid Visit Time"), exc=VisitScheduleError
		)
	if not doc.due_date:
		doc.due_date = getdate(doc.visit_start)
	if doc.is_new() and not doc.preparation_checklist:
		for item in default_checklist():
			doc.append("preparation_checklist", {"check_item": item})
	doc.minutes_due_at = minutes_deadline(doc.visit_end, settings.minutes_due_hours)
	validate_no_other_open_visit(doc)
	validate_action_items(doc)
	if doc.docstatus == 0:
		doc.status = draft_status(doc, now_datetime())
		if doc.status != MINUTES_OVERDUE:
			# rescheduled to a later time: the old deadline, its flag and its reminders no longer apply
			doc.update({"minutes_late": 0, "owner_reminded_at": None, "director_notified_at": None})
		else:
			doc.minutes_late = 1


def draft_status(doc, now) -> str:
	if get_datetime(now) < get_datetime(doc.visit_end):
		return PLANNED
	return MINUTES_OVERDUE if minutes_are_late(doc.minutes_due_at, now) else MINUTES_DUE


def validate_no_other_open_visit(doc):
	other = frappe.db.get_value(
		VISIT, {"customer": doc.customer, "docstatus": 0, "name": ("!=", doc.name or "")}, "name"
	)
	if other:
		frappe.throw(
			_(
				"{0} already has an open visit {1}. Reschedule that one, or submit its minutes before planning another."
			).format(frappe.bold(doc.customer_name or doc.customer), frappe.bold(other)),
			title=_("Visit Already Planned"),
			exc=VisitAlreadyPlannedError,
		)


def validate_action_items(doc):
	for row in doc.action_items:
		if row.due_date and getdate(row.due_date) < getdate(doc.visit_start):
			frappe.throw(
				_("Action item {0}: the due date cannot be before the visit.").format(row.idx),
				title=_("Invalid Action Item"),
				exc=ActionItemError,
			)


def validate_minutes_submission(doc, now=None):
	now = get_datetime(now or now_datetime())
	if get_datetime(doc.visit_end) > now:
		frappe.throw(
			_("The visit has not ended yet: its minutes can be submitted after {0}.").format(
				frappe.bold(format_datetime(doc.visit_end, "yyyy-MM-dd HH:mm"))
			),
			title=_("Visit Not Over"),
			exc=VisitNotOverError,
		)
	if not strip_html(doc.minutes or "").strip():
		frappe.throw(
			_("Write the minutes of the visit before submitting."),
			title=_("Minutes Missing"),
			exc=MinutesMissingError,
		)
	doc.minutes_submitted_at = now
	doc.minutes_late = 1 if minutes_are_late(doc.minutes_due_at, now) else 0
	doc.status = COMPLETED


def sync_visit_plan(doc):
	"""Keep the account manager's ToDo and calendar Event in step with an open visit."""
	start_text = visit_todo_text(doc.customer_name or doc.customer, doc.visit_start, doc.purpose or "")
	todo = frappe.get_doc("ToDo", doc.todo) if doc.todo and frappe.db.exists("ToDo", doc.todo) else None
	if todo and todo.allocated_to != doc.account_manager:
		todo.db_set("status", "Cancelled")
		todo = None
	if not todo:
		todo = frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": doc.account_manager,
				"reference_type": VISIT,
				"reference_name": doc.name,
				"assigned_by": frappe.session.user,
			}
		)
	todo.update({"date": getdate(doc.visit_start), "description": start_text, "status": "Open"})
	todo.save(ignore_permissions=True)

	event = frappe.get_doc("Event", doc.event) if doc.event and frappe.db.exists("Event", doc.event) else None
	if not event:
		event = frappe.get_doc(
			{
				"doctype": "Event",
				"event_category": "Meeting",
				"event_type": "Private",
				"reference_doctype": VISIT,
				"reference_docname": doc.name,
			}
		)
	event.update(
		{
			"subject": visit_event_subject(doc.customer_name or doc.customer),
			"starts_on": doc.visit_start,
			"ends_on": doc.visit_end,
			"description": doc.purpose,
			"location": doc.location,
			"status": "Open",
		}
	)
	event.save(ignore_permissions=True)
	if event.owner != doc.account_manager:
		# the Event lands in its owner's calendar: the account manager's, whoever planned it
		event.db_set("owner", doc.account_manager, update_modified=False)
	doc.db_set({"todo": todo.name, "event": event.name}, update_modified=False)


def complete_visit(doc):
	"""After the minutes are submitted: close the plan, create action ToDos, update the client, email."""
	close_visit_plan(doc, todo_status="Closed", event_status="Completed")
	create_action_item_todos(doc)
	update_client_visit_dates(doc.customer)
	email_minutes(doc)


def cancel_visit(doc):
	doc.db_set("status", CANCELLED)
	todo = DocType("ToDo")
	action_todos = [row.todo for row in doc.action_items if row.todo]
	if action_todos:
		(
			frappe.qb.update(todo)
			.set(todo.status, "Cancelled")
			.where(todo.name.isin(action_todos) & (todo.status == "Open"))
			.run()
		)
		item = DocType("Client Visit Action Item")
		(
			frappe.qb.update(item)
			.set(item.status, "Cancelled")
			.where((item.parent == doc.name) & (item.status == "Open"))
			.run()
		)
	update_client_visit_dates(doc.customer)


def remove_visit_plan(doc):
	close_visit_plan(doc, todo_status="Cancelled", event_status="Cancelled")


def close_visit_plan(doc, todo_status: str, event_status: str):
	if doc.todo and frappe.db.exists("ToDo", doc.todo):
		frappe.db.set_value("ToDo", doc.todo, "status", todo_status)
	if doc.event and frappe.db.exists("Event", doc.event):
		frappe.db.set_value("Event", doc.event, "status", event_status)


def create_action_item_todos(doc):
	for row in doc.action_items:
		if row.todo:
			continue
		todo = frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": row.assigned_to,
				"date": row.due_date,
				"description": _("Action item from the visit to {0}: {1}").format(
					doc.customer_name or doc.customer, row.action
				),
				"reference_type": VISIT,
				"reference_name": doc.name,
				"assigned_by": frappe.session.user,
			}
		).insert(ignore_permissions=True)
		row.db_set({"todo": todo.name, "status": "Open"})


def sync_action_item_from_todo(todo, method=None):
	"""ToDo.on_update: an action item's status follows its ToDo (closed, cancelled or reopened)."""
	if todo.reference_type != VISIT:
		return
	item = DocType("Client Visit Action Item")
	(
		frappe.qb.update(item)
		.set(item.status, todo.status)
		.where((item.todo == todo.name) & (item.status != todo.status))
		.run()
	)


def update_client_visit_dates(customer: str):
	"""Customer.last_visit_date = the latest visit with submitted minutes; next = last + tier cadence."""
	visit = DocType(VISIT)
	last = (
		frappe.qb.from_(visit)
		.select(Max(visit.visit_start))
		.where((visit.customer == customer) & (visit.docstatus == 1))
		.run()
	)[0][0]
	last_date = getdate(last) if last else None
	tier = frappe.db.get_value("Customer", customer, "client_tier")
	cadence = cint(frappe.db.get_value("Client Tier", tier, "visit_cadence_days")) if tier else 0
	next_date = add_days(last_date, cadence) if last_date and cadence else None
	open_due = frappe.db.get_value(VISIT, {"customer": customer, "docstatus": 0}, "due_date")
	frappe.db.set_value(
		"Customer",
		customer,
		{"last_visit_date": last_date, "next_visit_date": open_due or next_date},
		update_modified=False,
	)


def minutes_recipients(doc) -> list[str]:
	staff = [row.user for row in doc.staff_attendees if row.user]
	emails = (
		frappe.get_all("User", filters={"name": ("in", staff), "enabled": 1}, pluck="email") if staff else []
	)
	emails += [row.email_id for row in doc.contact_attendees if row.email_id]
	return list(dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()))


def email_minutes(doc):
	recipients = minutes_recipients(doc)
	if not recipients or doc.flags.skip_minutes_email:
		return
	send_email(
		recipients=recipients,
		subject=_("Minutes of our visit: {0}, {1}").format(
			doc.customer_name or doc.customer, format_date(getdate(doc.visit_start))
		),
		# the print format's own markup, without the print page's stylesheet links; the PDF is attached
		message=frappe.render_template(
			frappe.db.get_value("Print Format", MINUTES_PRINT_FORMAT, "html"), {"doc": doc}
		),
		attachments=[
			{
				"print_format_attachment": 1,
				"doctype": VISIT,
				"name": doc.name,
				"print_format": MINUTES_PRINT_FORMAT,
			}
		],
		reference_doctype=VISIT,
		reference_name=doc.name,
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


# --- late minutes --------------------------------------------------------------------------------


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
		.select(
			visit.name,
			visit.customer,
			visit.customer_name,
			visit.account_manager,
			visit.account_director,
			visit.visit_start,
			visit.minutes_due_at,
			visit.owner_reminded_at,
			visit.director_notified_at,
		)
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


# --- desk and REST API ---------------------------------------------------------------------------


@frappe.whitelist()
def plan_visit(customer: str, visit_start: str, purpose: str | None = None, channel: str | None = None):
	"""Plan a visit by hand (also reachable as /api/method/agency_service.visits.plan_visit)."""
	frappe.has_permission(VISIT, "create", throw=True)
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	doc = frappe.get_doc(
		{
			"doctype": VISIT,
			"customer": customer,
			"visit_start": visit_start,
			"purpose": purpose or _("Client visit"),
			"channel": channel or DEFAULT_CHANNEL,
		}
	)
	doc.insert()
	return doc.name


@frappe.whitelist()
def reschedule_visit(visit: str, visit_start: str, visit_end: str | None = None):
	doc = frappe.get_doc(VISIT, visit)
	doc.check_permission("write")
	if doc.docstatus != 0:
		frappe.throw(
			_("Only an open visit can be rescheduled."), title=_("Cannot Reschedule"), exc=VisitScheduleError
		)
	length = get_datetime(doc.visit_end) - get_datetime(doc.visit_start)
	doc.visit_start = get_datetime(visit_start)
	doc.visit_end = get_datetime(visit_end) if visit_end else doc.visit_start + length
	doc.save()
	return {"visit_start": doc.visit_start, "visit_end": doc.visit_end, "status": doc.status}


@frappe.whitelist()
def get_preparation_facts(customer: str) -> dict:
	"""What the account manager should know before meeting the client (拜访前准备)."""
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	today = getdate(nowdate())
	client = frappe.db.get_value(
		"Customer",
		customer,
		["customer_name", "last_visit_date", "next_visit_date", "last_survey_date", "csat", "nps"],
		as_dict=True,
	)
	invoice = DocType("Sales Invoice")
	overdue = (
		frappe.qb.from_(invoice)
		.select(invoice.name, invoice.due_date, invoice.outstanding_amount, invoice.currency)
		.where(
			(invoice.customer == customer)
			& (invoice.docstatus == 1)
			& (invoice.outstanding_amount > 0)
			& (invoice.due_date < today)
		)
		.orderby(invoice.due_date)
		.run(as_dict=True)
	)
	item, visit = DocType("Client Visit Action Item"), DocType(VISIT)
	open_actions = (
		frappe.qb.from_(item)
		.join(visit)
		.on(visit.name == item.parent)
		.select(item.action, item.assigned_to, item.due_date, visit.name.as_("visit"))
		.where((visit.customer == customer) & (visit.docstatus == 1) & (item.status == "Open"))
		.orderby(item.due_date)
		.run(as_dict=True)
	)
	return {
		"client": client,
		"overdue_invoices": overdue[:10],
		"overdue_invoice_count": len(overdue),
		"overdue_amount": sum(row.outstanding_amount for row in overdue),
		"open_complaints": count_open_records(customer, COMPLAINT_DOCTYPES),
		"open_work_orders": count_open_records(customer, WORK_ORDER_DOCTYPES),
		"open_projects": frappe.db.count("Project", {"customer": customer, "status": "Open"}),
		"open_action_items": open_actions,
	}


# Other features' doctypes, counted when they are installed: (doctype, closed statuses)
COMPLAINT_DOCTYPES = (
	("Client Complaint", ("Closed", "Summarised", "Cancelled", "Resolved")),
	("Issue", ("Resolved", "Closed")),
)
WORK_ORDER_DOCTYPES = (("Agency Work Order", ("Archived", "Cancelled", "Closed", "Completed")),)


def count_open_records(customer: str, doctypes) -> int | None:
	total, found = 0, False
	for doctype, closed in doctypes:
		if not frappe.db.exists("DocType", doctype):
			continue
		meta = frappe.get_meta(doctype)
		if not meta.has_field("customer"):
			continue
		found = True
		filters = {"customer": customer}
		if meta.has_field("status"):
			filters["status"] = ("not in", closed)
		if meta.is_submittable:
			filters["docstatus"] = ("<", 2)
		total += frappe.db.count(doctype, filters)
	return total if found else None


@frappe.whitelist()
def get_visit_calendar_events(start, end, filters=None):
	"""Client Visit calendar: visits between start and end, coloured by status."""
	frappe.has_permission(VISIT, "read", throw=True)
	filters = frappe.parse_json(filters) if isinstance(filters, str) else filters
	conditions = [["visit_start", "<=", end], ["visit_end", ">=", start]]
	if isinstance(filters, dict):
		conditions += [[key, "=", value] for key, value in filters.items()]
	elif filters:
		# the calendar sends [doctype, field, operator, value(, hidden)]
		conditions += [f[1:4] if len(f) >= 4 else f for f in filters]
	rows = frappe.get_list(
		VISIT,
		filters=conditions,
		fields=[
			"name",
			"customer_name",
			"visit_start",
			"visit_end",
			"status",
			"account_manager",
			"docstatus",
		],
		limit_page_length=0,
	)
	colours = {
		PLANNED: "#2490ef",
		MINUTES_DUE: "#ecad4b",
		MINUTES_OVERDUE: "#e24c4c",
		COMPLETED: "#29cd42",
		CANCELLED: "#98a1a9",
	}
	for row in rows:
		row.title = f"{row.customer_name} · {_(row.status)}"
		row.color = colours.get(row.status)
	return rows
