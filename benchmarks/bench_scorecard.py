"""Benchmark of the client scorecard recompute at agency scale (issue #5).

Generates, through bulk inserts in a process of its own, 10,000 clients, 500,000 submitted sales
invoices (5 % credit notes, 1 % cancelled, 3 % in EUR), 300,000 payments allocated to them in the
Payment Ledger, 20,000 projects with costing, 20,000 complaints and 20,000 survey responses (so the
risk and satisfaction criteria have data). This process then measures, its peak RSS being the
recompute's own: a full recompute of the first 1,000, 5,000 and 10,000 clients — each rolled back
before the next, so every run does the same work (scorecards, breakdowns, upgrades, proposed
downgrades) — the 10,000 again after a commit (idempotent re-run), the cost of opening the downgrade
sign-offs the recompute proposes, and the same 1,000 clients scored the naive way (a
``frappe.get_doc`` and per-client queries for each client) against the set-based figures.

Cross-checks (fail the run): the naive and the set-based score agree on every one of those clients,
and those clients include some with complaints and some with a CSAT; the re-run applies no upgrade.
Targets: full recompute ≤ 60 s, peak RSS ≤ 500 MB.

    bash scripts/bench.sh scorecard [--site SITE] [--scale 0.1]

Use a site of its own at full scale (the data is large).
"""

import bisect
import itertools
import random
import time

import frappe
from frappe.utils import add_days, getdate, nowdate

from benchmarks.common import (
	PREFIX,
	TIERS,
	Context,
	delete_like,
	delete_names,
	generate_complaints,
	generate_responses,
	insert_rows,
	make_clients,
	make_users,
	peak_rss_mb,
)
from benchmarks.common import cleanup_clients as cleanup_generated_clients
from benchmarks.run import run_phase

TIER_SHARES = (0.1, 0.2, 0.3, 0.4)
SCORE_TOLERANCE = 0.05


def run(ctx: Context):
	sizes = {
		"clients": ctx.n(10_000),
		"invoices": ctx.n(500_000),
		"payments": ctx.n(300_000),
		"complaints": ctx.n(20_000),
		"responses": ctx.n(20_000),
	}
	if ctx.phase == "generate":
		started = time.perf_counter()
		generate(**sizes)
		frappe.db.commit()
		print(
			f"generated {sizes['clients']:,} clients, {sizes['invoices']:,} invoices, "
			f"{sizes['payments']:,} payments, {sizes['complaints']:,} complaints, "
			f"{sizes['responses']:,} survey responses in {time.perf_counter() - started:.1f} s",
			flush=True,
		)
		return
	cleanup()
	frappe.db.commit()
	try:
		run_phase(ctx, "scorecard", "generate")
		measure(ctx, sizes["clients"])
	finally:
		frappe.db.rollback()
		if not ctx.keep:
			cleanup()
			frappe.db.commit()


# --- generation --------------------------------------------------------------------------------------


def generate(clients: int, invoices: int, payments: int, complaints: int, responses: int):
	rng = random.Random(42)
	today = getdate(nowdate())
	company = frappe.defaults.get_global_default("company") or frappe.get_all("Company", pluck="name")[0]
	currency = frappe.get_cached_value("Company", company, "default_currency")
	directors = make_users("ad", 10)
	managers = make_users("am", 30)

	def client_fields(n):
		return {
			"client_tier": rng.choices(TIERS, TIER_SHARES)[0],
			"account_director": rng.choice(directors),
			"account_manager": rng.choice(managers),
			"credit_rating": rng.choice("AABBBCD "),
			"growth_potential": rng.randint(0, 5),
			"strategic_fit": rng.randint(0, 5),
			"cooperating_since": add_days(today, -rng.randint(30, 4000)) if rng.random() < 0.7 else None,
		}

	customers = make_clients(clients, client_fields)
	invoice_rows = generate_invoices(rng, customers, invoices, payments, company, currency, today)
	del invoice_rows
	generate_projects(rng, customers, company)
	generate_complaints(rng, customers, complaints)
	generate_responses(rng, customers, responses)


def generate_invoices(rng, clients, invoice_count, payment_count, company, currency, today):
	client_count = len(clients)
	# client size follows a long tail: a few big spenders, many small ones
	cumulative = list(itertools.accumulate(rng.paretovariate(1.3) for _ in clients))
	invoices = []
	ledger = []
	for n in range(invoice_count):
		client = clients[min(int(rng.random() * client_count), client_count - 1)] if n % 3 else None
		if client is None:
			client = clients[
				min(bisect.bisect_left(cumulative, rng.random() * cumulative[-1]), client_count - 1)
			]
		posting = add_days(today, -rng.randint(0, 540))
		due = add_days(posting, 30)
		amount = round(rng.uniform(5_000, 200_000), 2)
		is_return = rng.random() < 0.05
		foreign = rng.random() < 0.03
		rate = 7.8 if foreign else 1.0
		net = -amount / 4 if is_return else amount
		docstatus = 2 if rng.random() < 0.01 else 1
		name = f"{PREFIX}SINV-{n:06d}"
		invoices.append(
			{
				"name": name,
				"customer": client["name"],
				"customer_name": client["customer_name"],
				"company": company,
				"posting_date": posting,
				"due_date": due,
				"currency": "EUR" if foreign else currency,
				"conversion_rate": rate,
				"net_total": net,
				"base_net_total": net * rate,
				"grand_total": net,
				"base_grand_total": net * rate,
				"outstanding_amount": 0 if is_return else net,
				"is_return": int(is_return),
				"docstatus": docstatus,
			}
		)
		if docstatus == 1 and not is_return:
			ledger.append(invoice_ledger_row(name, client["name"], company, posting, due, net * rate))
	paid = [inv for inv in invoices if inv["docstatus"] == 1 and not inv["is_return"]]
	rng.shuffle(paid)
	for n, inv in enumerate(paid[:payment_count]):
		paid_on = min(add_days(inv["due_date"], rng.choice((-20, -5, 0, 3, 10, 30, 75))), today)
		ledger.append(
			{
				"name": f"{PREFIX}PLE-P{n:06d}",
				"posting_date": paid_on,
				"company": company,
				"account_type": "Receivable",
				"party_type": "Customer",
				"party": inv["customer"],
				"voucher_type": "Payment Entry",
				"voucher_no": f"{PREFIX}PE-{n:06d}",
				"against_voucher_type": "Sales Invoice",
				"against_voucher_no": inv["name"],
				"amount": -inv["base_grand_total"],
				"delinked": 0,
				"docstatus": 1,
			}
		)
		inv["outstanding_amount"] = 0
	insert_rows("Sales Invoice", invoices)
	insert_rows("Payment Ledger Entry", ledger)


def invoice_ledger_row(name, customer, company, posting, due, amount) -> dict:
	return {
		"name": f"{PREFIX}PLE-{name}",
		"posting_date": posting,
		"due_date": due,
		"company": company,
		"account_type": "Receivable",
		"party_type": "Customer",
		"party": customer,
		"voucher_type": "Sales Invoice",
		"voucher_no": name,
		"against_voucher_type": "Sales Invoice",
		"against_voucher_no": name,
		"amount": amount,
		"delinked": 0,
		"docstatus": 1,
	}


def generate_projects(rng, clients, company):
	projects = []
	for n in range(len(clients) * 2):
		billed = round(rng.uniform(50_000, 2_000_000), 2)
		cost = billed * rng.uniform(0.4, 1.1)
		projects.append(
			{
				"name": f"{PREFIX}PROJ-{n:05d}",
				"project_name": f"{PREFIX}Project {n:05d}",
				"customer": clients[n % len(clients)]["name"],
				"company": company,
				"status": "Open",
				"total_billed_amount": billed,
				"total_costing_amount": cost,
				"gross_margin": billed - cost,
			}
		)
	insert_rows("Project", projects)


def cleanup():
	names = frappe.get_all("Customer", filters={"name": ("like", f"{PREFIX}%")}, pluck="name")
	for doctype in (
		"Payment Ledger Entry",
		"Sales Invoice",
		"Project",
		"Client Complaint",
		"Survey Response",
	):
		delete_like(doctype)
	for start in range(0, len(names), 2000):
		batch = names[start : start + 2000]
		cards = frappe.get_all("Client Scorecard", filters={"customer": ("in", batch)}, pluck="name")
		delete_names("Client Scorecard Criterion", "parent", cards)
		delete_names("Client Scorecard", "name", cards)
		changes = frappe.get_all("Client Tier Change", filters={"customer": ("in", batch)}, pluck="name")
		if changes:
			requests = frappe.get_all(
				"Sign-off Request", filters={"reference_name": ("in", changes)}, pluck="name"
			)
			delete_names("Sign-off Request Step", "parent", requests)
			delete_names("Sign-off Request", "name", requests)
			delete_names("ToDo", "reference_name", changes)
			delete_names("Comment", "reference_name", changes)
			delete_names("Client Tier Change", "name", changes)
		delete_names("Comment", "reference_name", batch)
	cleanup_generated_clients()


# --- measurement -------------------------------------------------------------------------------------


def measure(ctx: Context, client_count: int):
	from agency_service.scorecard import recompute

	clients = frappe.get_all(
		"Customer", filters={"name": ("like", f"{PREFIX}%")}, pluck="name", order_by="name"
	)
	print(f"{len(clients):,} clients")
	timings = {}
	for n in sorted({ctx.n(1000), ctx.n(5000), client_count}):
		subset = clients[:n]
		started = time.perf_counter()
		result = recompute.recompute_scorecards(customers=subset, open_signoffs=False)
		timings[n] = time.perf_counter() - started
		print(
			f"full recompute {n:>6,} clients: {timings[n]:6.2f} s  ({timings[n] / n * 1000:.2f} ms/client)  "
			f"upgrades applied {result['applied']:,}, downgrades proposed {len(result['proposed']):,}  "
			f"peak RSS so far {peak_rss_mb():.0f} MB",
			flush=True,
		)
		frappe.db.rollback()
	ctx.target(f"full recompute of {client_count:,} clients", timings[client_count], 60)
	result = recompute.recompute_scorecards(customers=clients, open_signoffs=False)
	frappe.db.commit()
	started = time.perf_counter()
	again = recompute.recompute_scorecards(customers=clients, open_signoffs=False)
	frappe.db.commit()
	print(
		f"re-run after commit   {len(clients):>6,} clients: {time.perf_counter() - started:6.2f} s  "
		f"upgrades applied {again['applied']:,} (first run {result['applied']:,})"
	)
	ctx.check(again["applied"] == 0, "a re-run of the same month applies no upgrade twice")
	started = time.perf_counter()
	opened = recompute.open_downgrade_signoffs(result["proposed"][:100])
	elapsed = time.perf_counter() - started
	frappe.db.rollback()
	print(
		f"downgrade sign-offs opened: {opened} in {elapsed:.2f} s ({elapsed / max(opened, 1) * 1000:.0f} ms each; "
		f"{len(result['proposed']):,} proposed in all)"
	)
	ctx.check(opened == min(100, len(result["proposed"])), "one sign-off opened per proposed downgrade")
	compare_naive(ctx, clients[: ctx.n(1000)])
	print(f"peak RSS {peak_rss_mb():.0f} MB")
	ctx.target("peak RSS", peak_rss_mb(), 500, "MB")


def compare_naive(ctx: Context, subset: list[str]):
	started = time.perf_counter()
	set_based = compute_set_based(subset)
	set_time = time.perf_counter() - started
	started = time.perf_counter()
	naive = compute_naive(subset)
	naive_time = time.perf_counter() - started
	differ = [c for c in subset if abs(set_based[c][0] - naive[c][0]) > SCORE_TOLERANCE]
	print(
		f"{len(subset):,} clients scored set-based {set_time:.2f} s, naive (get_doc per client) {naive_time:.2f} s: "
		f"naive / set-based = {naive_time / set_time:.1f}x ({len(differ)} scores differ)"
	)
	for name in differ[:5]:
		print(f"    {name}: set-based {set_based[name]}\n    {' ' * len(name)}  naive     {naive[name]}")
	ctx.check(not differ, f"naive and set-based scores agree on all {len(subset):,} clients")
	with_complaints = sum(1 for c in subset if set_based[c][1].complaints)
	with_csat = sum(1 for c in subset if set_based[c][1].csat is not None)
	ctx.check(
		0 < with_complaints < len(subset) and 0 < with_csat < len(subset),
		f"the compared clients include some with and some without complaints ({with_complaints:,}) "
		f"and CSAT ({with_csat:,})",
	)


def compute_set_based(customers: list[str]) -> dict[str, tuple]:
	from agency_service.scorecard import figures as scorecard_figures
	from agency_service.scorecard import scoring, settings

	weights = settings.get_settings()
	figures = scorecard_figures.collect_figures(scorecard_figures.client_rows(customers), nowdate())
	return {c: (scoring.score_client(figures[c], weights)[0], figures[c]) for c in customers}


def compute_naive(customers: list[str]) -> dict[str, tuple]:
	"""The same figures, one client at a time: a get_doc per client and per-client queries."""
	from agency_service.scorecard import scoring, settings

	weights = settings.get_settings()
	today = getdate(nowdate())
	start = add_days(today, -settings.TRAILING_DAYS)
	scores = {}
	for name in customers:
		doc = frappe.get_doc("Customer", name)
		invoices = frappe.get_all(
			"Sales Invoice",
			filters={"customer": name, "docstatus": 1},
			fields=["posting_date", "due_date", "base_net_total", "outstanding_amount", "conversion_rate"],
		)
		revenue = sum(i.base_net_total for i in invoices if start < getdate(i.posting_date) <= today)
		overdue = sum(
			i.outstanding_amount * i.conversion_rate
			for i in invoices
			if i.outstanding_amount > 0 and getdate(i.due_date) < today
		)
		first = min((getdate(i.posting_date) for i in invoices), default=None)
		payments = frappe.get_all(
			"Payment Ledger Entry",
			filters={
				"party_type": "Customer",
				"party": name,
				"against_voucher_type": "Sales Invoice",
				"voucher_type": ("!=", "Sales Invoice"),
				"delinked": 0,
				"amount": ("<", 0),
				"posting_date": ("between", [add_days(start, 1), today]),
			},
			fields=["against_voucher_no", "posting_date", "amount"],
		)
		paid = late = 0.0
		for p in payments:
			due = frappe.db.get_value("Sales Invoice", p.against_voucher_no, "due_date")
			paid += -p.amount
			late += -p.amount * max((getdate(p.posting_date) - getdate(due)).days, 0)
		projects = frappe.get_all(
			"Project",
			filters={"customer": name, "total_billed_amount": (">", 0), "status": ("!=", "Cancelled")},
			fields=["gross_margin", "total_billed_amount"],
		)
		billed = sum(p.total_billed_amount for p in projects)
		complaints = frappe.db.count(
			"Client Complaint",
			[["customer", "=", name], ["received_at", ">=", start], ["received_at", "<", add_days(today, 1)]],
		)
		answers = frappe.get_all(
			"Survey Response",
			filters=[["customer", "=", name], ["responded_on", ">=", start]],
			fields=["satisfied_total", "rated_total"],
		)
		rated = sum(a.rated_total for a in answers)
		since = doc.cooperating_since or first
		figures = scoring.ClientFigures(
			revenue=revenue,
			margin_percent=sum(p.gross_margin for p in projects) / billed * 100 if billed else None,
			growth_potential=doc.growth_potential or None,
			strategic_fit=doc.strategic_fit or None,
			tenure_years=max(0.0, (today - getdate(since)).days / 365.25) if since else None,
			average_days_late=late / paid if paid else None,
			overdue_amount=overdue,
			credit_rating=doc.credit_rating or None,
			complaints=complaints,
			csat=100.0 * sum(a.satisfied_total for a in answers) / rated if rated else None,
		)
		scores[name] = (scoring.score_client(figures, weights)[0], figures)
	return scores
