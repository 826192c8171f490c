"""Benchmark of the daily visit planner and the care-calendar job at agency scale.

Generates 10,000 clients (all four tiers, 20 account managers) with 5 contacts each and 100,000 past
visits with submitted minutes, plus one care occasion inside the look-ahead window, through bulk
inserts. Then times the planner and the care job twice each: the second run must create nothing.
Cross-check (fails the run): the second run of each job creates nothing. Targets (issue #6): planner
≤ 30 s, care job ≤ 10 s. Everything generated is removed at the end (names start with ``BENCH-``),
unless ``--keep``.

    bash scripts/bench.sh visits [--site SITE] [--scale 0.1]
"""

import datetime
import random
import time

import frappe
from frappe.query_builder import DocType
from frappe.utils import add_days, getdate, nowdate

from benchmarks.common import (
	PREFIX,
	Context,
	cleanup_clients,
	client_name,
	contact_link,
	delete_names,
	insert_rows,
	make_clients,
	make_users,
	with_generated_data,
)

TIERS = (("Strategic Client", 0.1), ("Key Client", 0.2), ("Potential Client", 0.3), ("Regular Client", 0.4))
OCCASION = f"{PREFIX}Festival"
CONTACTS_PER_CLIENT = 5
TARGETS = {"daily planner": 30, "care job": 10}


def run(ctx: Context):
	from agency_service.care import reminders
	from agency_service.visits import planner

	clients, visit_count = ctx.n(10_000), ctx.n(100_000)

	def made():
		generate(clients, CONTACTS_PER_CLIENT, visit_count)
		contacts = clients * CONTACTS_PER_CLIENT
		return None, f"{clients:,} clients, {contacts:,} contacts, {visit_count:,} past visits"

	def measure(ctx: Context, _world):
		for label, job, created in (
			("daily planner", planner.plan_due_visits, lambda r: r["planned"]),
			("care job", reminders.send_care_reminders, lambda r: r["total"]),
		):
			first = None
			for run_label in (label, f"{label} (2nd run)"):
				started = time.perf_counter()
				result = job()
				frappe.db.commit()
				elapsed = time.perf_counter() - started
				print(
					f"{run_label:<26} {elapsed:7.2f} s   created {created(result):>6,}   {result}", flush=True
				)
				if first is None:
					first = created(result)
					ctx.target(label, elapsed, TARGETS[label])
				else:
					ctx.check(created(result) == 0, f"the second {label} run creates nothing")
			ctx.check(first > 0, f"the first {label} run creates something ({first:,})")

	with_generated_data(ctx, made, measure, cleanup)


def generate(client_count: int, contacts_per_client: int, visit_count: int):
	rng = random.Random(42)
	today = getdate(nowdate())
	managers = make_users("am", 20)
	directors = make_users("ad", 5)
	tiers = [t for t, share in TIERS for _ in range(int(share * 100))]
	contacts, links, visit_rows = [], [], []

	def client_fields(n):
		fields = {
			"client_tier": tiers[n % len(tiers)],
			"account_manager": managers[n % len(managers)],
			"account_director": directors[n % len(directors)],
			"founded_on": datetime.date(rng.randint(1980, 2020), rng.randint(1, 12), rng.randint(1, 28)),
			"cooperating_since": datetime.date(
				rng.randint(2010, 2025), rng.randint(1, 12), rng.randint(1, 28)
			),
		}
		# each client's contacts are drawn right after it, as they always were: the same data every run
		for k in range(contacts_per_client):
			contact = f"{PREFIX}K{n:05d}{k}"
			month = rng.randint(1, 12)
			contacts.append(
				{
					"name": contact,
					"first_name": f"Contact {n}-{k}",
					"full_name": f"Contact {n}-{k}",
					"status": "Passive",
					"birthday_month": month,
					"birthday_day": 29 if (month == 2 and rng.random() < 0.1) else rng.randint(1, 28),
					"greeting_opt_out": 1 if rng.random() < 0.1 else 0,
				}
			)
			links.append(contact_link(contact, client_name(n)))
		return fields

	customers = make_clients(client_count, client_fields)
	for n in range(visit_count):
		client = customers[n % client_count]
		# spread each client's visits over the past three years; the last one 1–120 days ago
		age = rng.randint(1, 120) + (n // client_count) * 100
		start = datetime.datetime.combine(add_days(today, -age), datetime.time(10, 0))
		end = start + datetime.timedelta(hours=1)
		visit_rows.append(
			{
				"name": f"{PREFIX}V{n:07d}",
				"docstatus": 1,
				"customer": client["name"],
				"customer_name": client["customer_name"],
				"client_tier": client["client_tier"],
				"account_manager": client["account_manager"],
				"account_director": client["account_director"],
				"status": "Completed",
				"visit_start": start,
				"visit_end": end,
				"due_date": start.date(),
				"channel": "On-Site at Client",
				"purpose": "Regular visit",
				"minutes": "<p>Minutes</p>",
				"minutes_due_at": end + datetime.timedelta(hours=24),
				"minutes_submitted_at": end + datetime.timedelta(hours=4),
				"minutes_late": 0,
				"auto_planned": 0,
			}
		)
	insert_rows("Contact", contacts)
	insert_rows("Dynamic Link", links)
	insert_rows("Client Visit", visit_rows)
	frappe.get_doc(
		{
			"doctype": "Care Occasion",
			"occasion_name": OCCASION,
			"enabled": 1,
			"dates": [{"occasion_date": add_days(today, 3)}],
		}
	).insert()


def cleanup():
	"""Delete by primary key in chunks: names are collected first, so no statement scans a big table twice."""
	like = f"{PREFIX}%"
	visit_names = frappe.get_all("Client Visit", filters={"customer": ("like", like)}, pluck="name")
	reminder_todos = frappe.get_all("Care Reminder", filters={"customer": ("like", like)}, pluck="todo")
	todos = (
		frappe.get_all(
			"ToDo",
			filters={"reference_type": "Client Visit", "reference_name": ("in", visit_names)},
			pluck="name",
		)
		if visit_names
		else []
	)
	events = (
		frappe.get_all(
			"Event",
			filters={"reference_doctype": "Client Visit", "reference_docname": ("in", visit_names)},
			pluck="name",
		)
		if visit_names
		else []
	)
	delete_names("ToDo", "name", todos + reminder_todos)
	delete_names("Event", "name", events)
	for child in ("Client Visit Checklist Item", "Client Visit Action Item", "Client Visit Staff"):
		delete_names(child, "parent", visit_names)
	delete_names("Client Visit", "name", visit_names)
	reminder = DocType("Care Reminder")
	frappe.qb.from_(reminder).delete().where(reminder.customer.like(like)).run()
	if frappe.db.exists("Care Occasion", OCCASION):
		frappe.delete_doc("Care Occasion", OCCASION, force=True)
	cleanup_clients()
