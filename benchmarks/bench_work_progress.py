"""Benchmark of the daily progress-report job (issue 17: "the progress-report job for 5,000 due work
orders ≤ 30 s").

Generates, through bulk inserts, 5,000 clients with one contact each (an email address; half read
Chinese, half English), and per client one work order in delivery whose weekly report is due today, with
its ERPNext Project and 10 tasks (3 done, two milestones: the first reached, so it awaits the client).
Then times ``progress_reports.send_due_reports`` — selecting the due work orders, composing every
report (what was done, what is next, what awaits the client, in each contact's language), recording
them and queueing their email batches — target ≤ 30 s; and, separately, one background batch (the
emails of 200 reports handed to the outbox: rendering an email for the outbox is Frappe's slow part).

Cross-checks (fail the run): one report per due work order, each naming its done task, its next task and
the milestone awaiting the client; each report's email composed and queued; one email per report in a batch; every schedule moved a week on; a second run
the same day sends nothing. The job's work is rolled back (no email is ever queued for real), and
everything generated is removed at the end (names start with ``BENCH-``), unless ``--keep``.

    bash scripts/bench.sh work_progress [--site SITE] [--scale 0.1]
"""

import json
import time

import frappe
from frappe.utils import add_days, nowdate

from benchmarks import common
from benchmarks.bench_work import WORK_TABLES
from benchmarks.common import Context

TASKS, DONE_TASKS = 10, 3
TARGET_SECONDS = 30


def run(ctx: Context):
	orders = ctx.n(5_000, minimum=3)

	def made():
		generate(orders)
		return orders, f"{orders:,} clients, contacts and due work orders with {orders * TASKS:,} tasks"

	common.with_generated_data(ctx, made, measure_job, cleanup, analyze=WORK_TABLES)


def measure_job(ctx: Context, count: int):
	from agency_service.delivery import progress_reports
	from tests.survey_factories import make_outbox

	frappe.flags.mute_emails = True
	make_outbox()
	due = [o.name for o in progress_reports.due_work_orders(nowdate())]
	ours = [name for name in due if name.startswith(common.PREFIX)]
	ctx.check(len(ours) == count, f"{count:,} generated work orders are due ({len(ours):,})")
	started = time.perf_counter()
	reports = progress_reports.send_due_reports()
	seconds = time.perf_counter() - started
	print(f"progress-report job, {len(due):,} work orders due: {len(reports):,} reports in {seconds:.1f} s")
	ctx.target(f"progress-report job, {len(due):,} due", seconds, TARGET_SECONDS)

	rows = frappe.get_all(
		"Work Order Progress Report",
		filters={"name": ("in", reports or [""])},
		fields=["name", "work_order", "work_done", "work_next", "awaiting_client"],
	)
	ours = [r for r in rows if r.work_order.startswith(common.PREFIX)]
	ctx.check(len(ours) == count, f"one report per due work order ({len(ours):,})")
	ctx.check(
		all(
			"Task 2" in r.work_done and "Task 3" in r.work_next and "Task 0" in r.awaiting_client
			for r in ours
		),
		"each report names its done task, its next task and the milestone awaiting the client",
	)
	queued = frappe.get_all(
		"Work Order Progress Report",
		filters={"name": ("in", reports or [""]), "email_status": "Queued"},
		fields=["emails"],
	)
	ctx.check(
		len(queued) == len(reports) and all(len(json.loads(r.emails)) == 1 for r in queued),
		f"each report's email composed and queued for the background batches ({len(queued):,})",
	)
	moved = frappe.db.count(
		"Client Work Order",
		{"name": ("like", f"{common.PREFIX}%"), "next_report_on": add_days(nowdate(), 7)},
	)
	ctx.check(moved == count, f"every schedule moved a week on ({moved:,})")
	started = time.perf_counter()
	again = progress_reports.send_due_reports()
	print(f"second run the same day: {len(again)} reports in {time.perf_counter() - started:.1f} s")
	ctx.check(again == [], "a second run the same day sends nothing")
	batch = reports[: progress_reports.SEND_BATCH_SIZE]
	started = time.perf_counter()
	progress_reports.send_emails(batch)
	seconds = time.perf_counter() - started
	emails = frappe.db.count(
		"Email Queue", {"reference_doctype": "Work Order Progress Report", "reference_name": ("in", batch)}
	)
	print(
		f"background batch: {len(batch)} reports' emails handed to the outbox in {seconds:.1f} s "
		f"({seconds / max(len(batch), 1) * 1000:.0f} ms each)"
	)
	ctx.check(emails == len(batch), f"a batch queues one email per report ({emails:,})")
	frappe.db.rollback()


# --- generating ------------------------------------------------------------------------------------


def generate(count: int):
	company = frappe.db.get_value("Company", {}, "name")
	clients = common.make_clients(count, lambda n: {"language": "zh" if n % 2 else "en"})
	contacts, links, emails, orders, projects, tasks = [], [], [], [], [], []
	today = nowdate()
	for n, client in enumerate(clients):
		contact = f"{common.PREFIX}P{n:05d}"
		email = f"bench.progress.{n:05d}@bench-client.example.com"
		contacts.append(
			{"name": contact, "first_name": f"Contact {n}", "email_id": email, "status": "Passive"}
		)
		links.append(common.contact_link(contact, client["name"]))
		emails.append(
			{
				"name": frappe.generate_hash(length=12),
				"parent": contact,
				"parenttype": "Contact",
				"parentfield": "email_ids",
				"idx": 1,
				"email_id": email,
				"is_primary": 1,
			}
		)
		order, project = f"{common.PREFIX}WO{n:05d}", f"{common.PREFIX}PR{n:05d}"
		orders.append(
			{
				"name": order,
				"customer": client["name"],
				"work_order_type": "Campaign Plan",
				"title": f"Campaign {n}",
				"status": "In Progress",
				"deadline": add_days(today, 60),
				"company": company,
				"budget": 100000,
				"project": project,
				"report_frequency": "Weekly",
				"next_report_on": today,
			}
		)
		projects.append(
			{
				"name": project,
				"project_name": project,
				"customer": client["name"],
				"status": "Open",
				"company": company,
			}
		)
		for t in range(TASKS):
			done = t < DONE_TASKS
			tasks.append(
				{
					"name": f"{project}-T{t:02d}",
					"subject": f"Task {t}",
					"project": project,
					"status": "Completed" if done else "Open",
					"completed_on": today if done else None,
					"is_milestone": int(t in (0, 5)),
					"exp_end_date": add_days(today, t * 5 - 10),
					"lft": 0,
					"rgt": 0,
				}
			)
	for doctype, rows in (
		("Contact", contacts),
		("Dynamic Link", links),
		("Contact Email", emails),
		("Client Work Order", orders),
		("Project", projects),
		("Task", tasks),
	):
		common.insert_rows(doctype, rows)


def cleanup():
	frappe.db.rollback()
	orders = frappe.get_all("Client Work Order", {"name": ("like", f"{common.PREFIX}%")}, pluck="name")
	common.delete_names("Work Order Progress Report", "work_order", orders)
	common.delete_like("Task")
	common.delete_like("Project")
	common.delete_like("Client Work Order")
	common.delete_like("Email Account")
	common.cleanup_clients()
