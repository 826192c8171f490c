"""Benchmark of the daily client health job and of the AE report drafts at agency scale (issue #18).

Generates, through bulk inserts in a process of its own, 10,000 clients (20 per account executive),
500,000 submitted sales invoices over two years (some unpaid past their due date), 100,000 visits
(completed ones and planned ones, some past their due date), 100,000 complaints and 100,000 survey
responses over 18 months, and for each of 500 account executives today's timesheet logs, closed to-dos
and visits attended. This process then measures, its peak RSS being the job's own:

* the health scores of every client, set-based (``health.daily.compute_health``: signals, scores,
  reasons, the stored Client Health rows and the at-risk digests), rolled back after;
* the same signals and scores the naive way, one client at a time, for a sample of clients — its time
  printed beside the set-based time for the same clients and extrapolated to all of them;
* the daily report drafts of the 500 executives (``reporting.drafts.draft_reports``).

Cross-checks (fail the run): the naive and the set-based signals and scores agree on every sampled
client, and the sample includes clients at risk and clients not; every executive gets one draft with
exactly the activities generated for them. Targets: health ≤ 30 s and peak RSS ≤ 500 MB; drafts ≤ 10 s.

    bash scripts/bench.sh health [--site SITE] [--scale 0.1]
"""

import random
import time

import frappe
from frappe.utils import add_days, add_to_date, get_datetime, getdate, now_datetime, nowdate

from benchmarks import common
from benchmarks.common import PREFIX, Context
from benchmarks.run import run_with_generated_data

TIER_SHARES = (0.1, 0.2, 0.3, 0.4)
CLIENTS_PER_EXECUTIVE = 20
LOGS_PER_EXECUTIVE, TODOS_PER_EXECUTIVE = 3, 2


# the figures: data sizes at full scale
FULL_SIZES = {
	"clients": 10_000,
	"invoices": 500_000,
	"visits": 100_000,
	"complaints": 100_000,
	"responses": 100_000,
	"executives": 500,
}


def run(ctx: Context):
	sizes = {what: ctx.n(full) for what, full in FULL_SIZES.items()}
	run_with_generated_data(ctx, "health", sizes, generate, measure, cleanup)


def measure(ctx: Context, sizes: dict):
	measure_health(ctx)
	measure_drafts(ctx, sizes["executives"])
	print(f"peak RSS {common.peak_rss_mb():.0f} MB")
	ctx.target("peak RSS", common.peak_rss_mb(), 500, "MB")


# --- generation --------------------------------------------------------------------------------------


def generate(clients: int, invoices: int, visits: int, complaints: int, responses: int, executives: int):
	rng = random.Random(18)
	today = getdate(nowdate())
	company = frappe.defaults.get_global_default("company") or frappe.get_all("Company", pluck="name")[0]
	directors, managers = common.make_users("hd", 10), common.make_users("hm", 30)
	aes = common.make_users("ae", executives)

	def client_fields(n):
		return {
			"client_tier": rng.choices(common.TIERS, TIER_SHARES)[0],
			"account_director": rng.choice(directors),
			"account_manager": rng.choice(managers),
			"account_executive": aes[n // CLIENTS_PER_EXECUTIVE % len(aes)],
		}

	customers = common.make_clients(clients, client_fields)
	generate_invoices(rng, customers, invoices, company, today)
	generate_visits(rng, customers, visits, today)
	# none today: today's activities of the executives are exactly the generated ones
	common.generate_complaints(rng, customers, complaints, min_days_ago=1)
	common.generate_responses(rng, customers, responses)
	generate_executives_day(rng, customers, aes, company)


def generate_invoices(rng, clients, count, company, today):
	rows = []
	shrinking = set(c["name"] for c in rng.sample(clients, len(clients) // 4))
	for n in range(count):
		client = rng.choice(clients)
		days = rng.randint(0, 729)
		if client["name"] in shrinking and days < 365 and rng.random() < 0.7:
			days += 365  # a quarter of the clients buy less this year
		posting = add_days(today, -days)
		due = add_days(posting, 30)
		amount = round(rng.uniform(5_000, 200_000), 2)
		unpaid = rng.random() < 0.02
		rows.append(
			{
				"name": f"{PREFIX}SINV-{n:06d}",
				"customer": client["name"],
				"customer_name": client["customer_name"],
				"company": company,
				"posting_date": posting,
				"due_date": due,
				"conversion_rate": 1.0,
				"net_total": amount,
				"base_net_total": amount,
				"grand_total": amount,
				"base_grand_total": amount,
				"outstanding_amount": amount if unpaid else 0,
				"docstatus": 2 if rng.random() < 0.01 else 1,
			}
		)
	common.insert_rows("Sales Invoice", rows)


def generate_visits(rng, clients, count, today):
	rows = []
	now = now_datetime()
	for n in range(count):
		client = rng.choice(clients)
		planned = rng.random() < 0.1
		start = add_to_date(now, days=rng.randint(-20, 30) if planned else -rng.randint(1, 400), hours=-2)
		rows.append(
			{
				"name": f"{PREFIX}VIS-{n:06d}",
				"customer": client["name"],
				"customer_name": client["customer_name"],
				"client_tier": client["client_tier"],
				"account_manager": client["account_manager"],
				"status": "Planned" if planned else "Completed",
				"visit_start": start,
				"visit_end": add_to_date(start, hours=1),
				"due_date": getdate(start) if planned else None,
				"channel": "On-Site at Client",
				"purpose": "Review",
				"docstatus": 0 if planned else 1,
			}
		)
	common.insert_rows("Client Visit", rows)


def generate_executives_day(rng, clients, aes, company):
	"""Today's work of every executive: timesheet logs on their clients and closed to-dos."""
	morning = get_datetime(nowdate()).replace(hour=9)
	sheets, logs, todos = [], [], []
	by_ae = {}
	for client in clients:
		by_ae.setdefault(client["account_executive"], []).append(client)
	for n, ae in enumerate(aes):
		name = f"{PREFIX}TS-{n:05d}"
		sheets.append({"name": name, "user": ae, "company": company, "status": "Draft", "docstatus": 0})
		for i in range(LOGS_PER_EXECUTIVE):
			client = rng.choice(by_ae.get(ae) or clients)
			logs.append(
				{
					"name": f"{name}-{i}",
					"parent": name,
					"parenttype": "Timesheet",
					"parentfield": "time_logs",
					"idx": i + 1,
					"from_time": add_to_date(morning, hours=2 * i),
					"to_time": add_to_date(morning, hours=2 * i + 1.5),
					"hours": 1.5,
					"description": f"{client['customer_name']}: 排期沟通",
				}
			)
		for i in range(TODOS_PER_EXECUTIVE):
			todos.append(
				{
					"name": f"{PREFIX}TD-{n:05d}-{i}",
					"allocated_to": ae,
					"status": "Closed",
					"description": "寄送样刊",
				}
			)
	common.insert_rows("Timesheet", sheets)
	common.insert_rows("Timesheet Detail", logs)
	common.insert_rows("ToDo", todos)


def cleanup():
	for doctype in (
		"Sales Invoice",
		"Client Visit",
		"Client Complaint",
		"Survey Response",
		"Timesheet",
		"ToDo",
	):
		common.delete_like(doctype)
	common.delete_like("Timesheet Detail", "parent")
	common.delete_like("Client Health", "customer")
	reports = frappe.get_all(
		"Account Executive Report", filters={"executive": ("like", f"{PREFIX.lower()}%")}, pluck="name"
	)
	common.delete_names("Account Executive Report Item", "parent", reports)
	common.delete_names("Account Executive Report", "name", reports)
	common.delete_like("Notification Log", "for_user", f"{PREFIX.lower()}%")
	common.cleanup_clients()


# --- measurement -------------------------------------------------------------------------------------


def measure_health(ctx: Context):
	from agency_service.health.daily import compute_health

	started = time.perf_counter()
	result = compute_health()
	elapsed = time.perf_counter() - started
	print(
		f"health of {result['clients']:,} clients set-based: {elapsed:.2f} s "
		f"({elapsed / max(result['clients'], 1) * 1000:.2f} ms/client), {result['at_risk']:,} at risk, "
		f"{result['alerted']:,} alerted; peak RSS so far {common.peak_rss_mb():.0f} MB",
		flush=True,
	)
	ctx.check(
		frappe.db.count("Client Health", {"customer": ("like", f"{PREFIX}%")}) == ctx.n(10_000),
		"one Client Health record per generated client",
	)
	frappe.db.rollback()
	ctx.target(f"health of {result['clients']:,} clients", elapsed, 30)
	compare_naive(ctx, elapsed / max(result["clients"], 1))


def compare_naive(ctx: Context, set_based_per_client: float):
	from agency_service.health.daily import tier_policies
	from agency_service.health.rules import health_score
	from agency_service.health.signals import collect_signals, naive_signals

	clients = frappe.get_all(
		"Customer",
		filters={"name": ("like", f"{PREFIX}%")},
		fields=["name", "client_tier"],
		order_by="name",
		limit=ctx.n(1000),
	)
	cadences = {name: t.visit_cadence_days for name, t in tier_policies().items()}
	started = time.perf_counter()
	set_based = collect_signals(clients, nowdate(), cadences)
	set_time = time.perf_counter() - started
	started = time.perf_counter()
	naive = {c.name: naive_signals(c.name, c.client_tier, nowdate(), cadences) for c in clients}
	naive_time = time.perf_counter() - started
	differ = [c.name for c in clients if not same(set_based[c.name], naive[c.name])]
	print(
		f"{len(clients):,} clients: set-based {set_time:.2f} s, naive (per client) {naive_time:.2f} s "
		f"= {naive_time / len(clients) * 1000:.1f} ms/client, {naive_time / max(set_time, 1e-9):.0f}x; "
		f"all {ctx.n(10_000):,} clients the naive way ≈ {naive_time / len(clients) * ctx.n(10_000):.0f} s "
		f"(set-based {set_based_per_client * ctx.n(10_000):.0f} s)",
		flush=True,
	)
	for name in differ[:3]:
		print(f"    {name}:\n      set-based {set_based[name]}\n      naive     {naive[name]}")
	ctx.check(not differ, f"naive and set-based signals and scores agree on all {len(clients):,} clients")
	at_risk = sum(1 for c in clients if health_score(set_based[c.name])[0] < 60)
	ctx.check(0 < at_risk < len(clients), f"the sample has clients at risk ({at_risk:,}) and not")


def same(a, b) -> bool:
	from agency_service.health.rules import health_score

	for field in a.__dataclass_fields__:
		x, y = getattr(a, field), getattr(b, field)
		if (x is None) != (y is None) or (x is not None and abs(x - y) > 0.01):
			return False
	return health_score(a)[0] == health_score(b)[0]


def measure_drafts(ctx: Context, executives: int):
	from agency_service.reporting.drafts import ITEM, draft_reports

	aes = frappe.get_all("User", filters={"name": ("like", f"{PREFIX.lower()}ae%")}, pluck="name")
	started = time.perf_counter()
	names = draft_reports(aes, "Daily", nowdate())
	elapsed = time.perf_counter() - started
	items = frappe.db.count(ITEM, {"parent": ("in", names)}) if names else 0
	print(
		f"daily report drafts for {len(aes):,} executives: {elapsed:.2f} s, {items:,} activities", flush=True
	)
	expected = executives * (LOGS_PER_EXECUTIVE + TODOS_PER_EXECUTIVE)
	ctx.check(
		len(names) == executives and items == expected, f"one draft each, {expected:,} activities in all"
	)
	frappe.db.rollback()
	ctx.target(f"daily report drafts for {executives:,} executives", elapsed, 10)
