"""Benchmark of the client scorecard recompute at agency scale.

``generate`` writes 10,000 clients (names ``BENCH-…``), 500,000 submitted sales invoices (5 % credit notes,
1 % cancelled, 3 % in EUR), 300,000 payments allocated to them in the Payment Ledger and 20,000
projects with costing, through bulk SQL inserts. ``measure`` runs in a fresh process (so its peak RSS is
the recompute's own): a full recompute of the first 1,000, 5,000 and 10,000 clients — each rolled back
before the next, so every run does the same work (scorecards, breakdowns, upgrades, proposed
downgrades) — then the 10,000 again after a commit (idempotent re-run), the same 1,000 clients computed
the naive way (a ``frappe.get_doc`` and per-client queries for each client) and the cost of opening the
downgrade sign-offs the recompute proposes. ``cleanup`` removes everything generated.

Use a site of its own (the data is large):

    cd $AGENCY_BENCH/sites && ../env/bin/python /path/to/repo/benchmarks/bench_scorecard.py all --site SITE
"""

import argparse
import bisect
import itertools
import os
import random
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import frappe
from frappe.utils import add_days, getdate, nowdate

PREFIX = "BENCH-"
TIERS = (("Strategic Client", 0.1), ("Key Client", 0.2), ("Potential Client", 0.3), ("Regular Client", 0.4))


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("command", choices=("all", "generate", "measure", "cleanup"))
	parser.add_argument("--site", required=True)
	parser.add_argument("--clients", type=int, default=10_000)
	parser.add_argument("--invoices", type=int, default=500_000)
	parser.add_argument("--payments", type=int, default=300_000)
	args = parser.parse_args()
	if args.command == "all":
		for step in ("cleanup", "generate", "measure", "cleanup"):
			command = [sys.executable, __file__, step, "--site", args.site, "--clients", str(args.clients)]
			command += ["--invoices", str(args.invoices), "--payments", str(args.payments)]
			subprocess.run(command, check=True)
		return
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		if args.command == "generate":
			started = time.perf_counter()
			generate(args.clients, args.invoices, args.payments)
			frappe.db.commit()
			print(
				f"generated {args.clients:,} clients, {args.invoices:,} invoices, {args.payments:,} payments "
				f"in {time.perf_counter() - started:.1f} s"
			)
		elif args.command == "measure":
			measure(args.clients)
		else:
			cleanup()
			frappe.db.commit()
	finally:
		frappe.destroy()


# --- generation --------------------------------------------------------------------------------------


def generate(client_count: int, invoice_count: int, payment_count: int):
	from agency_service.bulk import bulk_insert_rows

	rng = random.Random(42)
	today = getdate(nowdate())
	company = frappe.defaults.get_global_default("company") or frappe.get_all("Company", pluck="name")[0]
	currency = frappe.get_cached_value("Company", company, "default_currency")
	directors = [f"{PREFIX.lower()}ad{n}@bench.example.com" for n in range(10)]
	managers = [f"{PREFIX.lower()}am{n}@bench.example.com" for n in range(30)]
	bulk_insert_rows(
		"User",
		[
			{"name": u, "email": u, "first_name": u.split("@")[0], "enabled": 1, "user_type": "System User"}
			for u in directors + managers
		],
	)
	tier_names = [t for t, _share in TIERS]
	weights = [share for _t, share in TIERS]
	clients = []
	for n in range(client_count):
		clients.append(
			{
				"name": f"{PREFIX}C{n:05d}",
				"customer_name": f"{PREFIX}Client {n:05d}",
				"customer_type": "Company",
				"client_tier": rng.choices(tier_names, weights)[0],
				"account_director": rng.choice(directors),
				"account_manager": rng.choice(managers),
				"credit_rating": rng.choice("AABBBCD "),
				"growth_potential": rng.randint(0, 5),
				"strategic_fit": rng.randint(0, 5),
				"cooperating_since": add_days(today, -rng.randint(30, 4000)) if rng.random() < 0.7 else None,
				"disabled": 0,
			}
		)
	bulk_insert_rows("Customer", clients)
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
	bulk_insert_rows("Sales Invoice", invoices)
	del invoices
	bulk_insert_rows("Payment Ledger Entry", ledger)
	del ledger
	projects = []
	for n in range(client_count * 2):
		billed = round(rng.uniform(50_000, 2_000_000), 2)
		cost = billed * rng.uniform(0.4, 1.1)
		projects.append(
			{
				"name": f"{PREFIX}PROJ-{n:05d}",
				"project_name": f"{PREFIX}Project {n:05d}",
				"customer": clients[n % client_count]["name"],
				"company": company,
				"status": "Open",
				"total_billed_amount": billed,
				"total_costing_amount": cost,
				"gross_margin": billed - cost,
			}
		)
	bulk_insert_rows("Project", projects)


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


def cleanup():
	names = frappe.get_all("Customer", filters={"name": ("like", f"{PREFIX}%")}, pluck="name")
	for doctype, field, value in (
		("Payment Ledger Entry", "name", f"{PREFIX}%"),
		("Sales Invoice", "name", f"{PREFIX}%"),
		("Project", "name", f"{PREFIX}%"),
		("User", "name", f"{PREFIX.lower()}%"),
	):
		frappe.db.delete(doctype, {field: ("like", value)})
	for start in range(0, len(names), 2000):
		batch = names[start : start + 2000]
		cards = frappe.get_all("Client Scorecard", filters={"customer": ("in", batch)}, pluck="name")
		if cards:
			frappe.db.delete("Client Scorecard Criterion", {"parent": ("in", cards)})
			frappe.db.delete("Client Scorecard", {"name": ("in", cards)})
		changes = frappe.get_all("Client Tier Change", filters={"customer": ("in", batch)}, pluck="name")
		if changes:
			for doctype in ("Sign-off Request Step", "Sign-off Request"):
				parent_field = "parent" if doctype.endswith("Step") else "reference_name"
				if doctype.endswith("Step"):
					requests = frappe.get_all(
						"Sign-off Request", filters={"reference_name": ("in", changes)}, pluck="name"
					)
					if requests:
						frappe.db.delete(doctype, {parent_field: ("in", requests)})
				else:
					frappe.db.delete(doctype, {parent_field: ("in", changes)})
			frappe.db.delete("ToDo", {"reference_name": ("in", changes)})
			frappe.db.delete("Comment", {"reference_name": ("in", changes)})
			frappe.db.delete("Client Tier Change", {"name": ("in", changes)})
		frappe.db.delete("Comment", {"reference_name": ("in", batch)})
		frappe.db.delete("Customer", {"name": ("in", batch)})


# --- measurement -------------------------------------------------------------------------------------


def measure(client_count: int):
	from agency_service.scorecard import recompute

	clients = frappe.get_all(
		"Customer", filters={"name": ("like", f"{PREFIX}%")}, pluck="name", order_by="name"
	)
	print(f"{len(clients):,} clients")
	timings = {}
	for n in sorted({1000, 5000, client_count}):
		subset = clients[:n]
		started = time.perf_counter()
		result = recompute.recompute_scorecards(customers=subset, open_signoffs=False)
		timings[n] = time.perf_counter() - started
		print(
			f"full recompute {n:>6,} clients: {timings[n]:6.2f} s  ({timings[n] / n * 1000:.2f} ms/client)  "
			f"upgrades applied {result['applied']:,}, downgrades proposed {len(result['proposed']):,}  "
			f"peak RSS so far {peak_rss_mb():.0f} MB"
		)
		frappe.db.rollback()
	result = recompute.recompute_scorecards(customers=clients, open_signoffs=False)
	frappe.db.commit()
	started = time.perf_counter()
	again = recompute.recompute_scorecards(customers=clients, open_signoffs=False)
	frappe.db.commit()
	print(
		f"re-run after commit   {len(clients):>6,} clients: {time.perf_counter() - started:6.2f} s  "
		f"upgrades applied {again['applied']:,} (first run {result['applied']:,})"
	)
	started = time.perf_counter()
	opened = recompute.open_downgrade_signoffs(result["proposed"][:100])
	elapsed = time.perf_counter() - started
	frappe.db.rollback()
	print(
		f"downgrade sign-offs opened: {opened} in {elapsed:.2f} s ({elapsed / max(opened, 1) * 1000:.0f} ms each; "
		f"{len(result['proposed']):,} proposed in all)"
	)
	subset = clients[:1000]
	started = time.perf_counter()
	set_based = compute_set_based(subset)
	set_time = time.perf_counter() - started
	started = time.perf_counter()
	naive = compute_naive(subset)
	naive_time = time.perf_counter() - started
	mismatches = sum(1 for c in subset if abs(set_based[c] - naive[c]) > 0.05)
	print(
		f"1,000 clients scored set-based {set_time:.2f} s, naive (get_doc per client) {naive_time:.2f} s: "
		f"naive / set-based = {naive_time / set_time:.1f}x ({mismatches} scores differ)"
	)
	print(f"peak RSS {peak_rss_mb():.0f} MB")


def peak_rss_mb() -> float:
	return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def compute_set_based(customers: list[str]) -> dict[str, float]:
	from agency_service.scorecard import figures as sc_figures
	from agency_service.scorecard import scoring
	from agency_service.scorecard import settings as sc_settings

	settings = sc_settings.get_settings()
	figures = sc_figures.collect_figures(sc_figures.client_rows(customers), nowdate())
	return {c: scoring.score_client(figures[c], settings)[0] for c in customers}


def compute_naive(customers: list[str]) -> dict[str, float]:
	"""The same figures, one client at a time: a get_doc per client and per-client queries."""
	from agency_service.scorecard import scoring
	from agency_service.scorecard import settings as sc_settings

	settings = sc_settings.get_settings()
	today = getdate(nowdate())
	start = add_days(today, -sc_settings.TRAILING_DAYS)
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
			complaints=None,
			csat=None,
		)
		scores[name] = scoring.score_client(figures, settings)[0]
	return scores


if __name__ == "__main__":
	main()
