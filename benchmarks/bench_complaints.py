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

Everything generated is removed at the end (names start with ``BENCH-``), unless ``--keep``.

    cd $AGENCY_BENCH/sites && ../env/bin/python /path/to/repo/benchmarks/bench_complaints.py --site SITE
"""

import argparse
import datetime
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import frappe
from frappe.query_builder import DocType
from frappe.utils import add_to_date, now_datetime

from benchmarks.bench_site import peak_rss_mb

PREFIX = "BENCH-"
TIERS = ("Strategic Client", "Key Client", "Potential Client", "Regular Client")
SEVERITIES = ("Critical", "High", "Medium", "Low")
PORTAL_USER = "bench-portal@bench.example.com"
ISSUE_SLA = f"{PREFIX}Issue SLA"


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--clients", type=int, default=10_000)
	parser.add_argument("--complaints", type=int, default=100_000)
	parser.add_argument("--open", type=int, default=10_000)
	parser.add_argument("--portal-complaints", type=int, default=500)
	parser.add_argument("--runs", type=int, default=30)
	parser.add_argument("--keep", action="store_true", help="keep the generated data")
	args = parser.parse_args()

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		cleanup()
		frappe.db.commit()
		started = time.perf_counter()
		open_names = generate(args.clients, args.complaints, args.open, args.portal_complaints)
		frappe.db.commit()
		print(
			f"generated {args.clients:,} clients and {args.complaints:,} complaints "
			f"({len(open_names):,} open) in {time.perf_counter() - started:.1f} s"
		)
		bench_escalation(open_names)
		bench_portal(args.runs)
		bench_saving(args.runs)
		print(f"peak RSS {peak_rss_mb():.0f} MB")
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		if not args.keep:
			cleanup()
			frappe.db.commit()
		frappe.destroy()


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


def bench_escalation(open_names):
	from agency_service.complaints import deadlines, escalation

	now = now_datetime()
	timings = {}
	for due in (1_000, len(open_names)):
		make_due(open_names, due, now)
		started = time.perf_counter()
		escalations = escalation.escalate_due_complaints(now)
		timings[due] = time.perf_counter() - started
		frappe.db.rollback()
		print(
			f"escalation job, {due:>6,} of {len(open_names):,} open due: {timings[due]:6.2f} s "
			f"({escalations:,} escalations)"
		)

	make_due(open_names, len(open_names), now)
	started = time.perf_counter()
	decided = 0
	for name in open_names:
		doc = frappe.get_doc("Client Complaint", name)
		if deadlines.next_escalation_at(doc) and deadlines.due_escalations(doc, now):
			decided += 1
	naive = time.perf_counter() - started
	frappe.db.rollback()
	print(
		f"naive (get_doc per open complaint, decided in Python, nothing written): {naive:6.2f} s "
		f"for {len(open_names):,} ({decided:,} with escalations) = "
		f"{naive / timings[len(open_names)]:.1f}x the job's time at {len(open_names):,} due"
	)


# --- the portal ------------------------------------------------------------------------------------


def median_ms(fn, runs: int) -> float:
	times = []
	for _ in range(runs):
		started = time.perf_counter()
		fn()
		times.append((time.perf_counter() - started) * 1000)
	return statistics.median(times)


def bench_portal(runs: int):
	from agency_service.api import complaints as api

	frappe.set_user(PORTAL_USER)
	rows = api.get_complaints(page_length=500)
	assert {row.customer_name for row in rows} == {"Bench Client 00000"}, "portal sees another client"
	first_page = median_ms(lambda: api.get_complaints(), runs)
	all_rows = median_ms(lambda: api.get_complaints(page_length=500), runs)
	print(
		f"portal list (get_complaints), client with {len(rows)} complaints: median {first_page:.1f} ms "
		f"for the first page of 50, {all_rows:.1f} ms for all {len(rows)}"
	)

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


def bench_saving(runs: int):
	sla = make_issue_sla()

	def save_complaint():
		doc = frappe.get_doc(
			{
				"doctype": "Client Complaint",
				"customer": f"{PREFIX}CC00001",
				"subject": "宣传片成片色调不一致",
				"content": "<p>成片色调与确认样片不一致。</p>",
				"channel": "Phone",
				"priority": "Medium",
				"category": "Creative and Production Quality",
			}
		).insert()
		assert doc.response_by and doc.sla_resolution_by and doc.next_escalation_at

	def save_issue():
		doc = frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": "宣传片成片色调不一致",
				"description": "成片色调与确认样片不一致。",
				"priority": "Medium",
				"customer": f"{PREFIX}CC00001",
				"service_level_agreement": sla,
			}
		).insert()
		assert doc.response_by and doc.sla_resolution_by

	save_complaint(), save_issue()  # warm the caches of both
	complaint = median_ms(save_complaint, runs)
	issue = median_ms(save_issue, runs)
	frappe.db.rollback()
	print(
		f"save with deadlines: Client Complaint median {complaint:.1f} ms, Issue with SLA median {issue:.1f} ms "
		f"= {complaint / issue:.2f}x"
	)


# --- data ------------------------------------------------------------------------------------------


def generate(client_count: int, complaint_count: int, open_count: int, portal_count: int) -> list[str]:
	from agency_service.bulk import bulk_insert_rows

	now = now_datetime()
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
	customers = [
		{
			"name": f"{PREFIX}CC{n:05d}",
			"customer_name": f"Bench Client {n:05d}",
			"customer_type": "Company",
			"customer_group": group,
			"territory": territory,
			"client_tier": TIERS[n % len(TIERS)],
			"account_manager": managers[n % len(managers)],
			"account_director": directors[n % len(directors)],
			"disabled": 0,
		}
		for n in range(client_count)
	]
	bulk_insert_rows("Customer", customers)
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
	bulk_insert_rows("Client Complaint", rows)
	make_portal_user(customers[0]["name"])
	return open_names


def make_portal_user(customer: str):
	from agency_service.bulk import bulk_insert_rows

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
	bulk_insert_rows(
		"Contact",
		[{"name": contact, "first_name": "Bench Portal", "full_name": "Bench Portal", "user": PORTAL_USER}],
	)
	bulk_insert_rows(
		"Dynamic Link",
		[
			{
				"name": frappe.generate_hash(length=10),
				"parent": contact,
				"parenttype": "Contact",
				"parentfield": "links",
				"idx": 1,
				"link_doctype": "Customer",
				"link_name": customer,
			}
		],
	)


def cleanup():
	like = f"{PREFIX}%"
	complaint = DocType("Client Complaint")
	names = (
		frappe.qb.from_(complaint).select(complaint.name).where(complaint.customer.like(like)).run(pluck=True)
	)
	for start in range(0, len(names), 5000):
		chunk = names[start : start + 5000]
		for child in ("Client Complaint Escalation",):
			table = DocType(child)
			frappe.qb.from_(table).delete().where(table.parent.isin(chunk)).run()
		for table, field in (("ToDo", "reference_name"), ("Comment", "reference_name")):
			t = DocType(table)
			frappe.qb.from_(t).delete().where(t[field].isin(chunk)).run()
		frappe.qb.from_(complaint).delete().where(complaint.name.isin(chunk)).run()
	if frappe.db.exists("User", PORTAL_USER):
		frappe.delete_doc("User", PORTAL_USER, force=True, ignore_permissions=True)
	for sla in frappe.get_all("Service Level Agreement", {"service_level": ISSUE_SLA}, pluck="name"):
		frappe.delete_doc("Service Level Agreement", sla, force=True, ignore_permissions=True)
	link = DocType("Dynamic Link")
	frappe.qb.from_(link).delete().where((link.parenttype == "Contact") & link.parent.like(like)).run()
	for doctype in ("Contact", "Customer", "User"):
		table = DocType(doctype)
		frappe.qb.from_(table).delete().where(table.name.like(like)).run()


if __name__ == "__main__":
	main()
