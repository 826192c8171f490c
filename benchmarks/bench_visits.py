"""Benchmark of the daily visit planner and the care-calendar job at agency scale.

Generates 10,000 clients (all four tiers, 20 account managers) with 5 contacts each and 100,000 past
visits with submitted minutes, plus one care occasion inside the look-ahead window, through bulk
inserts. Then times the planner and the care job twice each: the second run must create nothing.
Everything generated is removed at the end (names start with ``BENCH-``), unless ``--keep``.

Run from the bench's sites folder with the bench's python:

    cd $AGENCY_BENCH/sites && ../env/bin/python /path/to/repo/benchmarks/bench_visits.py --site SITE
"""

import argparse
import datetime
import random
import time

import frappe
from frappe.query_builder import DocType
from frappe.utils import add_days, generate_hash, getdate, nowdate

PREFIX = "BENCH-"
TIERS = (("Strategic Client", 0.1), ("Key Client", 0.2), ("Potential Client", 0.3), ("Regular Client", 0.4))
OCCASION = f"{PREFIX}Festival"


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--clients", type=int, default=10_000)
	parser.add_argument("--contacts-per-client", type=int, default=5)
	parser.add_argument("--visits", type=int, default=100_000)
	parser.add_argument("--keep", action="store_true", help="keep the generated data")
	args = parser.parse_args()

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from agency_service.care import reminders
	from agency_service.visits import planner

	try:
		cleanup()
		started = time.perf_counter()
		generate(args.clients, args.contacts_per_client, args.visits)
		frappe.db.commit()
		print(
			f"generated {args.clients:,} clients, {args.clients * args.contacts_per_client:,} contacts, "
			f"{args.visits:,} past visits in {time.perf_counter() - started:.1f} s"
		)
		for label, job, created in (
			("daily planner", planner.plan_due_visits, lambda r: r["planned"]),
			("daily planner (2nd run)", planner.plan_due_visits, lambda r: r["planned"]),
			("care job", reminders.send_care_reminders, lambda r: r["total"]),
			("care job (2nd run)", reminders.send_care_reminders, lambda r: r["total"]),
		):
			started = time.perf_counter()
			result = job()
			frappe.db.commit()
			elapsed = time.perf_counter() - started
			print(f"{label:<26} {elapsed:7.2f} s   created {created(result):>6,}   {result}")
	finally:
		if not args.keep:
			cleanup()
			frappe.db.commit()
		frappe.destroy()


def generate(client_count: int, contacts_per_client: int, visit_count: int):
	from agency_service.bulk import bulk_insert_rows

	rng = random.Random(42)
	today = getdate(nowdate())
	managers = [f"{PREFIX.lower()}am{n}@bench.example.com" for n in range(20)]
	directors = [f"{PREFIX.lower()}ad{n}@bench.example.com" for n in range(5)]
	bulk_insert_rows(
		"User",
		[
			{"name": u, "email": u, "first_name": u.split("@")[0], "enabled": 1, "user_type": "System User"}
			for u in managers + directors
		],
	)
	group = frappe.db.get_value("Customer Group", {"is_group": 0}, "name")
	territory = frappe.db.get_value("Territory", {"is_group": 0}, "name")
	tiers = [t for t, share in TIERS for _ in range(int(share * 100))]
	customers, contacts, links, visit_rows = [], [], [], []
	for n in range(client_count):
		name = f"{PREFIX}C{n:05d}"
		customers.append(
			{
				"name": name,
				"customer_name": f"Bench Client {n:05d}",
				"customer_type": "Company",
				"customer_group": group,
				"territory": territory,
				"client_tier": tiers[n % len(tiers)],
				"account_manager": managers[n % len(managers)],
				"account_director": directors[n % len(directors)],
				"founded_on": datetime.date(rng.randint(1980, 2020), rng.randint(1, 12), rng.randint(1, 28)),
				"cooperating_since": datetime.date(
					rng.randint(2010, 2025), rng.randint(1, 12), rng.randint(1, 28)
				),
				"disabled": 0,
			}
		)
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
			links.append(
				{
					"name": generate_hash(length=10),
					"parent": contact,
					"parenttype": "Contact",
					"parentfield": "links",
					"idx": 1,
					"link_doctype": "Customer",
					"link_name": name,
				}
			)
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
	bulk_insert_rows("Customer", customers)
	bulk_insert_rows("Contact", contacts)
	bulk_insert_rows("Dynamic Link", links)
	bulk_insert_rows("Client Visit", visit_rows)
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
	link = DocType("Dynamic Link")
	frappe.qb.from_(link).delete().where((link.parenttype == "Contact") & link.parent.like(like)).run()
	for doctype in ("Contact", "Customer", "User"):
		table = DocType(doctype)
		frappe.qb.from_(table).delete().where(table.name.like(like)).run()
	if frappe.db.exists("Care Occasion", OCCASION):
		frappe.delete_doc("Care Occasion", OCCASION, force=True)


def delete_names(doctype: str, field: str, names: list[str]):
	table = DocType(doctype)
	for start in range(0, len(names), 5000):
		frappe.qb.from_(table).delete().where(table[field].isin(names[start : start + 5000])).run()


if __name__ == "__main__":
	main()
