"""Benchmark of satisfaction surveys at the scale of issue #7, printing the figures.

    bash scripts/bench.sh surveys [--site SITE] [--scale 0.1]

Generates (through bulk inserts) 10,000 clients with one contact each and 100,000 survey responses,
then measures:
  1. the Survey Results report (target ≤ 2 s) for each grouping, over the default twelve months;
  2. the public survey page (target: median ≤ 150 ms server time), served by gunicorn on a loopback
     port and timed per request by the client (so the figure includes the loopback round trip);
  3. the daily invitation job for 10,000 due contacts (target ≤ 30 s): selecting who is due, creating
     the invitations and queueing their email batches; and, separately, the time to render and queue
     500 invitation emails (the work the background batches do).
Cross-checks (fail the run): the report counts every generated response of the twelve months in each
grouping; every page request answers 200 and an unknown link does not; the job invites every due contact.
Everything it made is deleted at the end (rows are marked with the BENCH- prefix); the job runs in a
transaction that is rolled back, so no email batch is ever queued.
"""

import os
import random
import socket
import statistics
import subprocess
import tempfile
import time

import frappe
from frappe.installer import update_site_config
from frappe.utils import add_days, add_to_date, now_datetime

from agency_service.surveys import invitations, scores
from agency_service.surveys import links as survey_links
from benchmarks.common import (
	Context,
	cleanup_clients,
	client_name,
	delete_like,
	insert_rows,
	make_clients,
	with_generated_data,
)
from tests.survey_factories import make_outbox

PAGE_REQUESTS = 300
PREFIX = "BENCH-"
TIERS = ("Strategic Client", "Key Client", "Potential Client", "Regular Client")
MANAGERS = [f"bench-am-{i}@bench.example.com" for i in range(25)]


def run(ctx: Context):
	clients, responses = ctx.n(10_000), ctx.n(100_000)
	rng = random.Random(7)

	def made():
		generate(rng, clients, responses)
		return responses, f"{clients:,} clients/contacts and {responses:,} responses"

	with_generated_data(ctx, made, measure, cleanup)


def measure(ctx: Context, responses: int):
	bench_report(ctx, responses)
	bench_page(ctx)
	bench_invitation_job(ctx)


def rows_now():
	now = now_datetime()
	return now, now, "Administrator", "Administrator", 0


def generate(rng, client_count: int, response_count: int):
	make_clients(
		client_count,
		lambda i: {
			"client_tier": TIERS[i % 4],
			"account_manager": MANAGERS[i % len(MANAGERS)],
			"language": "zh",
		},
	)
	contacts, links, emails = [], [], []
	for i in range(client_count):
		contact = f"{PREFIX}P{i:05d}"
		email = f"bench.{i:05d}@bench-client.example.com"
		contacts.append((contact, *rows_now(), f"Contact {i:05d}", f"Contact {i:05d}", email, 0, "Passive"))
		links.append(
			(f"{PREFIX}L{i:05d}", *rows_now(), contact, "links", "Contact", 1, "Customer", client_name(i))
		)
		emails.append((f"{PREFIX}E{i:05d}", *rows_now(), contact, "email_ids", "Contact", 1, email, 1))
	base = ["name", "creation", "modified", "owner", "modified_by", "docstatus"]
	frappe.db.bulk_insert(
		"Contact", [*base, "first_name", "full_name", "email_id", "unsubscribed", "status"], contacts
	)
	child = ["parent", "parentfield", "parenttype", "idx"]
	frappe.db.bulk_insert("Dynamic Link", [*base, *child, "link_doctype", "link_name"], links)
	frappe.db.bulk_insert("Contact Email", [*base, *child, "email_id", "is_primary"], emails)

	keys = list(scores.DIMENSIONS.values())
	score_fields = [f"{kind}_{key}" for key in keys for kind in ("rated", "satisfied")]
	fields = [
		*base,
		"customer",
		"contact",
		"survey_template",
		"channel",
		"entered_offline",
		"responded_on",
		"client_tier",
		"account_manager",
		"csat",
		*[f"csat_{k}" for k in keys],
		"nps_score",
		"nps_category",
		"needs_follow_up",
		"rated_total",
		"satisfied_total",
		*score_fields,
	]
	rows = []
	now = now_datetime()
	for i in range(response_count):
		client = i % client_count
		ratings = [
			(scores.RATING, dim, rng.choices((1, 2, 3, 4, 5), (1, 2, 4, 8, 6))[0])
			for dim in scores.DIMENSIONS
		]
		nps = rng.choices(range(11), (1, 1, 1, 1, 2, 3, 4, 8, 10, 10, 8))[0]
		s = scores.score_answers([*ratings, (scores.NPS, "", nps)])
		channel = rng.choice(("Online", "Online", "Phone", "Face to Face"))
		rows.append(
			(
				f"{PREFIX}R{i:06d}",
				*rows_now(),
				f"{PREFIX}C{client:05d}",
				f"{PREFIX}P{client:05d}",
				scores.DEFAULT_TEMPLATE,
				channel,
				int(channel != "Online"),
				add_to_date(now, days=-rng.randint(0, 450), hours=-rng.randint(0, 23)),
				TIERS[client % 4],
				MANAGERS[client % len(MANAGERS)],
				s["csat"] or 0,
				*[s[f"csat_{k}"] or 0 for k in keys],
				nps,
				scores.nps_category(nps),
				int(s["low"]),
				s["rated_total"],
				s["satisfied_total"],
				*[s[f] for f in score_fields],
			)
		)
	frappe.db.bulk_insert("Survey Response", fields, rows, chunk_size=5000)
	frappe.db.commit()  # nosemgrep: benchmark data for the served page


def timed(fn, repeat=3):
	times = []
	for _ in range(repeat):
		started = time.perf_counter()
		fn()
		times.append(time.perf_counter() - started)
	return statistics.median(times)


def bench_report(ctx: Context, response_count: int):
	from frappe.utils import add_months, nowdate

	from agency_service.agency_service.report.survey_results import survey_results

	in_period = frappe.db.count("Survey Response", {"responded_on": (">=", add_months(nowdate(), -12))})
	print(
		f"\nSurvey Results report over {response_count:,} responses (twelve months, median of 3), target ≤ 2 s:"
	)
	for group_by in ("Client Tier", "Account Manager", "Customer", "Month"):
		seconds = timed(lambda g=group_by: survey_results.execute({"group_by": g}))
		print(f"  group by {group_by:<16} {seconds * 1000:8.0f} ms")
		ctx.target(f"Survey Results by {group_by}", seconds, 2)
		counted = sum(row["responses"] for row in survey_results.execute({"group_by": group_by})[1])
		ctx.check(
			counted == in_period,
			f"grouped by {group_by}, the report counts every response of the twelve months ({counted:,} / {in_period:,})",
		)
	seconds = timed(lambda: survey_results.execute({"group_by": "Month", "client_tier": "Key Client"}))
	print(f"  one tier, by month      {seconds * 1000:8.0f} ms")
	ctx.target("Survey Results, one tier by month", seconds, 2)


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def bench_page(ctx: Context):
	import requests

	tokens, rows = [], []
	now = now_datetime()
	for i in range(50):
		token, token_hash = survey_links.new_token()
		tokens.append(token)
		rows.append(
			{
				"name": f"{PREFIX}I{i:05d}",
				"customer": f"{PREFIX}C{i:05d}",
				"contact": f"{PREFIX}P{i:05d}",
				"email_id": f"bench.{i:05d}@bench-client.example.com",
				"survey_language": "zh",
				"survey_template": scores.DEFAULT_TEMPLATE,
				"trigger": "Sent by Hand",
				"status": "Sent",
				"sent_on": now,
				"expires_on": add_days(now, 30),
				"token_hash": token_hash,
			}
		)
	insert_rows("Survey Invitation", rows)
	frappe.db.commit()  # nosemgrep: the served page reads them
	update_site_config("agency_survey_rate_limit", 100_000)
	port = free_port()
	server_log = tempfile.NamedTemporaryFile("w+", prefix="bench-surveys-gunicorn-", suffix=".log")
	server = subprocess.Popen(
		[
			os.path.join(ctx.bench, "env", "bin", "gunicorn"),
			"-b",
			f"127.0.0.1:{port}",
			"-w",
			"2",
			f"agency_service.serve:application_for('{ctx.site}')",
		],
		stdout=server_log,
		stderr=subprocess.STDOUT,
	)
	try:
		url = f"http://127.0.0.1:{port}/client-survey"
		for _ in range(120):
			try:
				requests.get(url, params={"token": tokens[0]}, timeout=10)
				break
			except requests.RequestException:
				time.sleep(0.5)
		session = requests.Session()
		for token in tokens[:10]:  # warm both workers
			session.get(url, params={"token": token}, timeout=10)
		times, statuses, failed = [], set(), None
		for i in range(PAGE_REQUESTS):
			started = time.perf_counter()
			reply = session.get(url, params={"token": tokens[i % len(tokens)]}, timeout=10)
			times.append(time.perf_counter() - started)
			statuses.add(reply.status_code)
			if reply.status_code != 200 and failed is None:
				failed = reply
		times.sort()
		print(
			f"\nPublic survey page, {PAGE_REQUESTS} requests (gunicorn, 2 workers), target median ≤ 150 ms:"
		)
		print(
			f"  median {statistics.median(times) * 1000:.1f} ms, p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms"
		)
		started = time.perf_counter()
		bad = session.get(url, params={"token": "x" * 43}, timeout=10)
		print(f"  unknown link: HTTP {bad.status_code} in {(time.perf_counter() - started) * 1000:.1f} ms")
		ctx.target("public survey page, median", statistics.median(times) * 1000, 150, "ms")
		if not ctx.check(statuses == {200}, f"every survey page request answers 200 ({sorted(statuses)})"):
			print(f"    first failure: HTTP {failed.status_code}: {failed.text[-1500:]}")
			server_log.seek(0)
			print("    server log (end):\n" + server_log.read()[-3000:])
		ctx.check(bad.status_code != 200, "an unknown link is not answered with the survey")
	finally:
		server.terminate()
		server.wait(timeout=20)
		server_log.close()
		update_site_config("agency_survey_rate_limit", "None")


def bench_invitation_job(ctx: Context):
	frappe.db.delete("Survey Invitation", {"name": ("like", f"{PREFIX}%")})
	frappe.db.commit()  # nosemgrep: start the job from no invitations
	frappe.flags.mute_emails = True
	due = len(invitations.due_contacts())
	started = time.perf_counter()
	created = invitations.send_due_invitations()
	seconds = time.perf_counter() - started
	print(f"\nInvitation job, {due:,} contacts due (incl. the site's own), target ≤ 30 s:")
	print(f"  {len(created):,} invitations created and their email batches queued in {seconds:.1f} s")
	ctx.target(f"invitation job, {due:,} due", seconds, 30)
	ctx.check(len(created) == due, f"the job invites every due contact ({len(created):,} of {due:,})")
	outbox = make_outbox()
	started = time.perf_counter()
	invitations.send_invitations(created[:500])
	seconds = time.perf_counter() - started
	print(
		f"  background batch: 500 personal links made and emails rendered and queued in {seconds:.1f} s "
		f"({seconds / 500 * 1000:.1f} ms each)"
	)
	frappe.db.rollback()
	del outbox


def cleanup():
	delete_like("Survey Response")
	delete_like("Survey Invitation", "customer")
	delete_like("Email Account")
	cleanup_clients()
	frappe.db.commit()  # nosemgrep: remove the benchmark data
