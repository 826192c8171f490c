"""The daily visit planner: every client due for a visit within the horizon gets one planned visit, its ToDo and calendar Event, set-based."""

import datetime
import json

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Max
from frappe.utils import (
	format_datetime,
	generate_hash,
	getdate,
	nowdate,
)

from agency_service.bulk import bulk_insert_rows, reserve_series_names
from agency_service.clients.profile import enabled_clients
from agency_service.job_lock import runs_alone
from agency_service.visits.rules import (
	DEFAULT_CHANNEL,
	EVENT_SERIES,
	PLANNED,
	VISIT,
	VISIT_SERIES,
	default_checklist,
	get_settings,
	is_due_within,
	minutes_deadline,
	next_visit_due,
	planned_visit_date,
)

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
	tier, visit = DocType("Client Tier"), DocType(VISIT)
	query, customer = enabled_clients("client_tier", "last_visit_date")
	clients = (
		query.join(tier)
		.on(tier.name == customer.client_tier)
		.select(tier.visit_cadence_days)
		.where(tier.visit_cadence_days > 0)
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
