"""Load on the client portal over real HTTP: 50 clients filing, listing and writing for 60 s.

Creates ``--clients`` portal logins (each a contact of its own client, tier Key Client), logs each in
like a browser (session cookie, the page's CSRF token), then runs one thread per client for
``--seconds``: each loops over list (``get_complaints``), message (``add_message`` on one of its
complaints) and file (``file_complaint``) in the proportions of ``--mix``. Prints requests per second,
p50 / p95 per action and the errors. The app's portal rate limit is lifted for the run (site config
``agency_portal_writes_per_hour``) and restored afterwards; everything generated is removed.

The server is either started here — gunicorn on a free loopback port with ``--workers``,
``--worker-class`` and ``--threads`` — or one already serving the site (``--url``); ``--scale`` scales the
clients and the seconds:

    bash scripts/bench.sh portal_load [--site SITE] [--scale 0.2] \\
        [--workers 2 --worker-class gthread --threads 4] [--url http://127.0.0.1:8000]

Cross-check (fails the run): no request fails. Targets (issue #12): ≥ 60 requests/s, p95 ≤ 1 s for each
action.
"""

import argparse
import collections
import os
import random
import re
import socket
import statistics
import subprocess
import threading
import time

import frappe
import requests
from frappe.installer import update_site_config

from benchmarks.common import Context

PREFIX = "BENCH-LOAD-"
PASSWORD = "Bench#Load-2026"
API = "/api/method/agency_service.api.complaints."
RATE_KEY = "agency_portal_writes_per_hour"


def run(ctx: Context):
	parser = argparse.ArgumentParser(prog="bench.sh portal_load")
	parser.add_argument("--url", help="a server already serving the site (else one is started)")
	parser.add_argument("--workers", type=int, default=3)
	parser.add_argument("--worker-class", default="sync")
	parser.add_argument("--threads", type=int, default=1)
	parser.add_argument("--mix", default="list=2,message=1,file=1", help="relative weight of each action")
	args = parser.parse_args(ctx.extra)
	args.site, args.clients, args.seconds = ctx.site, ctx.n(50), ctx.n(60, minimum=10)
	server = None
	old_limit = frappe.conf.get(RATE_KEY)
	try:
		cleanup()
		users = make_clients(args.clients)
		update_site_config(RATE_KEY, 1_000_000)
		frappe.cache.delete_keys("agency-rl:")
		if args.url:
			url = args.url
		else:
			server, url = start_server(ctx.bench, args.site, args.workers, args.worker_class, args.threads)
		print(
			f"{args.clients} portal clients, {args.seconds} s, server: "
			+ (args.url or f"gunicorn -w {args.workers} -k {args.worker_class} --threads {args.threads}")
		)
		started = time.perf_counter()
		sessions = [browser(url, user) for user in users]
		print(
			f"{len(sessions)} clients logged in in {time.perf_counter() - started:.1f} s: load running",
			flush=True,
		)
		results = run_load(url, sessions, args.seconds, parse_mix(args.mix))
		report(ctx, results, args.seconds)
	finally:
		if server:
			server.terminate()
			server.wait(timeout=30)
		update_site_config(RATE_KEY, "None" if old_limit is None else old_limit)
		frappe.cache.delete_keys("agency-rl:")
		cleanup()


def parse_mix(text: str) -> list[str]:
	weights = {}
	for part in text.split(","):
		action, _sep, weight = part.partition("=")
		weights[action.strip()] = int(weight or 1)
	return [action for action, weight in weights.items() for _i in range(weight)]


def make_clients(count: int) -> list[str]:
	frappe.local.conf.throttle_user_limit = 10 * count + 1000  # Frappe throttles many new users an hour
	group = frappe.db.get_value("Customer Group", {"is_group": 0}, "name")
	territory = frappe.db.get_value("Territory", {"is_group": 0}, "name")
	users = []
	for i in range(count):
		email = f"{PREFIX.lower()}{i:03d}@bench.example.com"
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": f"Load {i}",
				"send_welcome_email": 0,
				"new_password": PASSWORD,
				"roles": [{"role": "Customer"}],
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
		client = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": f"{PREFIX}{i:03d}",
				"customer_type": "Company",
				"customer_group": group,
				"territory": territory,
				"client_tier": "Key Client",
			}
		).insert(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": f"{PREFIX}{i:03d}",
				"user": email,
				"email_ids": [{"email_id": email, "is_primary": 1}],
				"links": [{"link_doctype": "Customer", "link_name": client.name}],
			}
		).insert(ignore_permissions=True)
		users.append(email)
	frappe.db.commit()
	return users


def free_port() -> int:
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


def start_server(bench: str, site: str, workers: int, worker_class: str, threads: int):
	port = free_port()
	log = open(os.path.join(bench, "logs", "bench-portal-load.log"), "w")
	command = [os.path.join(bench, "env/bin/gunicorn"), "-b", f"127.0.0.1:{port}", "-w", str(workers)]
	command += ["-k", worker_class, "--threads", str(threads), "-t", "120"]
	command.append(f"agency_service.serve:application_for('{site}')")
	server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
	url = f"http://127.0.0.1:{port}"
	for _attempt in range(200):
		try:
			if requests.get(f"{url}/api/method/ping", timeout=5).ok:
				return server, url
		except requests.RequestException:
			time.sleep(0.3)
	server.terminate()
	raise RuntimeError("the server did not start: see logs/bench-portal-load.log")


def browser(url: str, user: str) -> requests.Session:
	session = requests.Session()
	session.post(
		f"{url}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=60
	).raise_for_status()
	page = session.get(f"{url}/complaints", timeout=60)
	session.headers["X-Frappe-CSRF-Token"] = re.search(r'frappe.csrf_token = "([^"]+)"', page.text).group(1)
	session.headers["Accept"] = "application/json"
	filed = file(session, url)
	session.complaints = [filed.json()["message"]]
	return session


def file(session, url):
	return session.post(
		url + API + "file_complaint",
		data={
			"subject": "Load test: the banner is late",
			"category": "Service Quality",
			"severity": random.choice(("High", "Medium", "Low")),
			"content": "The banner for the spring campaign has not arrived.",
		},
		timeout=120,
	)


def run_load(url: str, sessions, seconds: int, mix: list[str]):
	results = collections.defaultdict(list)  # action -> [(latency, ok)]
	errors = collections.Counter()
	lock = threading.Lock()
	stop_at = time.monotonic() + seconds

	def client(session):
		rng = random.Random()
		while time.monotonic() < stop_at:
			action = rng.choice(mix)
			started = time.perf_counter()
			try:
				if action == "list":
					response = session.get(
						url + API + "get_complaints", params={"page_length": 20}, timeout=120
					)
				elif action == "message":
					response = session.post(
						url + API + "add_message",
						data={"name": rng.choice(session.complaints), "message": "Any news on this?"},
						timeout=120,
					)
				else:
					response = file(session, url)
				ok = response.ok
				if ok and action == "file":
					session.complaints.append(response.json()["message"])
				error = None if ok else f"{action} {response.status_code} {response.text[:120]}"
			except requests.RequestException as e:
				ok, error = False, f"{action} {type(e).__name__}"
			latency = time.perf_counter() - started
			with lock:
				results[action].append((latency, ok))
				if error:
					errors[error] += 1

	threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	return results, errors


def percentile(values: list[float], p: float) -> float:
	values = sorted(values)
	return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def report(ctx: Context, outcome, seconds: int):
	results, errors = outcome
	total = sum(len(rows) for rows in results.values())
	failed = sum(1 for rows in results.values() for _latency, ok in rows if not ok)
	print(f"{total} requests in {seconds} s: {total / seconds:.1f} requests/s, {failed} errors")
	print(f"{'action':<10}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
	for action, rows in sorted(results.items()):
		latencies = [latency * 1000 for latency, _ok in rows]
		print(
			f"{action:<10}{len(rows):>8}{statistics.median(latencies):>10.0f}"
			f"{percentile(latencies, 95):>10.0f}{max(latencies):>10.0f}"
		)
	for error, count in errors.most_common(10):
		print(f"  {count} × {error}")
	ctx.check(total > 0 and not failed, f"no request fails ({failed} of {total})")
	ctx.target("requests per second", total / seconds, 60, "req/s", at_least=True)
	for action, rows in sorted(results.items()):
		ctx.target(f"{action}, p95", percentile([latency for latency, _ok in rows], 95), 1)


def cleanup():
	frappe.db.rollback()
	customers = frappe.get_all("Customer", {"customer_name": ("like", f"{PREFIX}%")}, pluck="name")
	if customers:
		complaints = frappe.get_all("Client Complaint", {"customer": ("in", customers)}, pluck="name")
		for start in range(0, len(complaints), 1000):
			chunk = complaints[start : start + 1000]
			for doctype, field in (
				("Communication", "reference_name"),
				("Comment", "reference_name"),
				("ToDo", "reference_name"),
				("Notification Log", "document_name"),
				("Version", "docname"),
			):
				frappe.db.delete(doctype, {field: ("in", chunk)})
			frappe.db.delete("Client Complaint Escalation", {"parent": ("in", chunk)})
			frappe.db.delete("Client Complaint", {"name": ("in", chunk)})
		contacts = frappe.get_all("Contact", {"first_name": ("like", f"{PREFIX}%")}, pluck="name")
		if contacts:
			frappe.db.delete("Dynamic Link", {"parent": ("in", contacts)})
			frappe.db.delete("Contact Email", {"parent": ("in", contacts)})
			frappe.db.delete("Contact", {"name": ("in", contacts)})
		for customer in customers:
			frappe.delete_doc("Customer", customer, force=True, ignore_permissions=True)
	users = frappe.get_all("User", {"name": ("like", f"{PREFIX.lower()}%")}, pluck="name")
	for user in users:
		frappe.db.delete("Has Role", {"parent": user})
		frappe.db.delete("Sessions", {"user": user})
		frappe.db.delete("User", {"name": user})
	frappe.db.commit()
