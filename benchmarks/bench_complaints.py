"""Benchmark of complaints at agency scale: the escalation job, the client portal and saving.

Generates, through bulk inserts committed to the site, 10,000 clients and 100,000 complaints of which
10,000 are open (client 0 has 500 of them, for the portal list), plus one portal user. Then prints:

* the escalation job with 1,000 and with 10,000 of the 10,000 open complaints due (each run rolled
  back, so every run starts from the same state), against the naive way — ``frappe.get_doc`` per open
  complaint, escalations decided in Python;
* the portal list (``api.complaints.get_complaints``) of the client with 500 complaints, as its portal
  user, and filing a complaint through the portal (``api.complaints.file_complaint``; rolled back);
* saving a Client Complaint with its deadlines against saving an ERPNext Issue under a Service Level
  Agreement with the same working hours and holiday list (both rolled back).

Cross-checks (fail the run): the job and the naive way find the same escalations at full due; the
portal user sees its own client's complaints only; a saved complaint and Issue carry their deadlines.
Targets (issue #4): escalation job ≤ 5 s at 10,000 due; portal list median ≤ 100 ms; filing via the
portal median ≤ 300 ms; saving a complaint ≤ 1.5× saving an Issue with SLA.

Everything generated is removed at the end (names start with ``BENCH-``), unless ``--keep``.

    bash scripts/bench.sh complaints [--site SITE] [--scale 0.1]
"""

import datetime
import time

import frappe
from frappe.query_builder import DocType
from frappe.utils import add_to_date, now_datetime

from benchmarks.common import (
	PREFIX,
	TIERS,
	Context,
	cleanup_clients,
	client_name,
	contact_link,
	delete_names,
	insert_rows,
	make_clients,
	make_users,
	median_ms,
	peak_rss_mb,
	with_generated_data,
)

SEVERITIES = ("Critical", "High", "Medium", "Low")
PORTAL_USER = "bench-portal@bench.example.com"
ISSUE_SLA = f"{PREFIX}Issue SLA"
RUNS = 30


def run(ctx: Context):
	clients, complaints, open_count = ctx.n(10_000), ctx.n(100_000), ctx.n(10_000)

	def made():
		open_names = generate(clients, complaints, open_count, min(500, complaints))
		return open_names, f"{clients:,} clients and {complaints:,} complaints ({len(open_names):,} open)"

	with_generated_data(ctx, made, measure, cleanup)


def measure(ctx: Context, open_names: list[str]):
	bench_escalation(ctx, open_names)
	bench_portal(ctx, RUNS)
	bench_saving(ctx, RUNS)
	print(f"peak RSS {peak_rss_mb():.0f} MB")


# --- the escalation job ----------------------------------------------------------------------------


def make_due(open_names, count, now):
	"""``count`` open complaints due now (their deadlines passed), the others not before next week."""
	complaint = DocType("Client Complaint")
	later = add_to_date(now, days=7)
	frappe.qb.update(complaint).set(complaint.next_escalation_at, later).where(
		complaint.name.isin(open_names)
	).run()
	due = open_names[:count]
	for start in range(0, len(due), 5000):
		frappe.qb.update(complaint).set(complaint.next_escalation_at, add_to_date(now, hours=-1)).set(
			complaint.response_by, add_to_date(now, hours=-2)
		).set(complaint.response_warn_at, add_to_date(now, hours=-3)).where(
			complaint.name.isin(due[start : start + 5000])
		).run()


def bench_escalation(ctx: Context, open_names):
	from agency_service.complaints import deadlines, escalation

	now = now_datetime()
	timings = {}
	escalations = 0
	for due in sorted({min(ctx.n(1_000), len(open_names)), len(open_names)}):
		make_due(open_names, due, now)
		started = time.perf_counter()
		escalations = escalation.escalate_due_complaints(now)
		timings[due] = time.perf_counter() - started
		frappe.db.rollback()
		print(
			f"escalation job, {due:>6,} of {len(open_names):,} open due: {timings[due]:6.2f} s "
			f"({escalations:,} escalations)"
		)

	ctx.target(f"escalation job at {len(open_names):,} due", timings[len(open_names)], 5)

	make_due(open_names, len(open_names), now)
	started = time.perf_counter()
	decided = naive_escalations = 0
	for name in open_names:
		doc = frappe.get_doc("Client Complaint", name)
		if deadlines.next_escalation_at(doc):
			events = deadlines.due_escalations(doc, now)
			decided += bool(events)
			naive_escalations += len(events)
	naive = time.perf_counter() - started
	frappe.db.rollback()
	print(
		f"naive (get_doc per open complaint, decided in Python, nothing written): {naive:6.2f} s "
		f"for {len(open_names):,} ({decided:,} with escalations) = "
		f"{naive / timings[len(open_names)]:.1f}x the job's time at {len(open_names):,} due"
	)
	ctx.check(
		naive_escalations == escalations,
		f"the job and the naive way find the same escalations ({escalations:,} / {naive_escalations:,})",
	)


# --- the portal ------------------------------------------------------------------------------------


def bench_portal(ctx: Context, runs: int):
	from agency_service.api import complaints as api

	frappe.set_user(PORTAL_USER)
	rows = api.get_complaints(page_length=500)
	ctx.check(
		{row.customer_name for row in rows} == {"Bench Client 00000"},
		f"the portal user sees its own client's complaints only ({len(rows)})",
	)
	first_page = median_ms(lambda: api.get_complaints(), runs)
	all_rows = median_ms(lambda: api.get_complaints(page_length=500), runs)
	print(
		f"portal list (get_complaints), client with {len(rows)} complaints: median {first_page:.1f} ms "
		f"for the first page of 50, {all_rows:.1f} ms for all {len(rows)}"
	)
	ctx.target("portal list, all rows, median", all_rows, 100, "ms")

	def file():
		api.file_complaint(
			subject="投放排期延误",
			category="Service Quality",
			severity="Medium",
			content="<p>本周的投放排期比约定晚了三天。</p>",
			demand="补足投放天数",
		)

	filing = median_ms(file, runs)
	frappe.db.rollback()
	frappe.set_user("Administrator")
	print(f"filing via the portal (file_complaint): median {filing:.1f} ms")
	ctx.target("filing via the portal, median", filing, 300, "ms")


# --- saving a complaint against saving an Issue -----------------------------------------------------


def make_issue_sla():
	"""An Issue agreement with the complaint agreements' working hours and holiday list."""
	config = frappe.get_single("Complaint Settings")
	sla = frappe.get_doc(
		{
			"doctype": "Service Level Agreement",
			"service_level": ISSUE_SLA,
			"document_type": "Issue",
			"enabled": 1,
			"default_service_level_agreement": 0,
			"apply_sla_for_resolution": 1,
			"holiday_list": config.holiday_list,
			"default_priority": "Medium",
			"priorities": [
				{
					"priority": severity,
					"response_time": 8 * 3600,
					"resolution_time": 72 * 3600,
					"default_priority": int(severity == "Medium"),
				}
				for severity in SEVERITIES
			],
			"support_and_resolution": [
				{"workday": row.workday, "start_time": row.start_time, "end_time": row.end_time}
				for row in config.working_hours
			],
			"sla_fulfilled_on": [{"status": "Resolved"}, {"status": "Closed"}],
			"pause_sla_on": [{"status": "On Hold"}],
		}
	)
	return sla.insert(ignore_permissions=True).name


def bench_saving(ctx: Context, runs: int):
	sla = make_issue_sla()
	missing = []

	def save_complaint():
		doc = frappe.get_doc(
			{
				"doctype": "Client Complaint",
				"customer": client_name(1),
				"subject": "宣传片成片色调不一致",
				"content": "<p>成片色调与确认样片不一致。</p>",
				"channel": "Phone",
				"priority": "Medium",
				"category": "Creative and Production Quality",
			}
		).insert()
		if not (doc.response_by and doc.sla_resolution_by and doc.next_escalation_at):
			missing.append(doc.doctype)

	def save_issue():
		doc = frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": "宣传片成片色调不一致",
				"description": "成片色调与确认样片不一致。",
				"priority": "Medium",
				"customer": client_name(1),
				"service_level_agreement": sla,
			}
		).insert()
		if not (doc.response_by and doc.sla_resolution_by):
			missing.append(doc.doctype)

	save_complaint(), save_issue()  # warm the caches of both
	complaint = median_ms(save_complaint, runs)
	issue = median_ms(save_issue, runs)
	frappe.db.rollback()
	print(
		f"save with deadlines: Client Complaint median {complaint:.1f} ms, Issue with SLA median {issue:.1f} ms "
		f"= {complaint / issue:.2f}x"
	)
	ctx.check(not missing, "every saved complaint and Issue has its deadlines")
	ctx.target("saving a complaint / saving an Issue", complaint / issue, 1.5, "x")


# --- data ------------------------------------------------------------------------------------------


def generate(client_count: int, complaint_count: int, open_count: int, portal_count: int) -> list[str]:
	now = now_datetime()
	managers = make_users("am", 20)
	directors = make_users("ad", 5)
	customers = make_clients(
		client_count,
		lambda n: {
			"client_tier": TIERS[n % len(TIERS)],
			"account_manager": managers[n % len(managers)],
			"account_director": directors[n % len(directors)],
		},
	)
	rows, open_names = [], []
	for n in range(complaint_count):
		# the first ``portal_count`` complaints are client 0's; the rest spread over all clients
		client = customers[0] if n < portal_count else customers[n % client_count]
		is_open = n % (complaint_count // open_count) == 0 and len(open_names) < open_count
		received = add_to_date(now, hours=-(n % 4000) - 1)
		response_by = received + datetime.timedelta(hours=8)
		resolution_by = received + datetime.timedelta(hours=72)
		name = f"{PREFIX}CMP{n:06d}"
		row = {
			"name": name,
			"subject": f"Complaint {n}",
			"content": "<p>Complaint</p>",
			"customer": client["name"],
			"customer_name": client["customer_name"],
			"client_tier": client["client_tier"],
			"account_manager": client["account_manager"],
			"account_director": client["account_director"],
			"channel": "Phone",
			"category": "Service Quality",
			"priority": SEVERITIES[1 + n % 3],  # no critical: those escalate to management at once
			"received_at": received,
			"service_level_agreement_creation": received,
			"response_by": response_by,
			"sla_resolution_by": resolution_by,
			"status": "Investigating" if is_open else "Closed",
			"first_responded_on": received + datetime.timedelta(hours=1),
			"sla_resolution_date": None if is_open else received + datetime.timedelta(hours=30),
			"agreement_status": "Resolution Due" if is_open else "Fulfilled",
			"resolution_warn_at": received + datetime.timedelta(hours=54) if is_open else None,
			"next_escalation_at": received + datetime.timedelta(hours=54) if is_open else None,
		}
		if is_open:
			open_names.append(name)
			# open ones not yet answered, so both deadlines run
			row["first_responded_on"] = None
			row["response_warn_at"] = received + datetime.timedelta(hours=6)
		rows.append(row)
	insert_rows("Client Complaint", rows)
	make_portal_user(customers[0]["name"])
	return open_names


def make_portal_user(customer: str):
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": PORTAL_USER,
			"first_name": "Bench Portal",
			"send_welcome_email": 0,
			"roles": [{"role": "Customer"}],
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	contact = f"{PREFIX}K00000"
	insert_rows(
		"Contact",
		[{"name": contact, "first_name": "Bench Portal", "full_name": "Bench Portal", "user": PORTAL_USER}],
	)
	insert_rows("Dynamic Link", [contact_link(contact, customer)])


def cleanup():
	complaint = DocType("Client Complaint")
	names = (
		frappe.qb.from_(complaint)
		.select(complaint.name)
		.where(complaint.customer.like(f"{PREFIX}%"))
		.run(pluck=True)
	)
	delete_names("Client Complaint Escalation", "parent", names)
	delete_names("ToDo", "reference_name", names)
	delete_names("Comment", "reference_name", names)
	delete_names("Client Complaint", "name", names)
	if frappe.db.exists("User", PORTAL_USER):
		frappe.delete_doc("User", PORTAL_USER, force=True, ignore_permissions=True)
	for sla in frappe.get_all("Service Level Agreement", {"service_level": ISSUE_SLA}, pluck="name"):
		frappe.delete_doc("Service Level Agreement", sla, force=True, ignore_permissions=True)
	cleanup_clients()
