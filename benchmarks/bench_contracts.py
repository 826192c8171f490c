"""Benchmark of the daily contract watch (issue 16: contract fulfilment monitored).

    bash scripts/bench.sh contracts [--site SITE] [--scale 0.1]

Generates, through bulk inserts in a process of its own, 5,000 clients (each with an account manager and
director among 200 of each), 5,000 signed contracts and 50,000 fulfilment terms (ERPNext's Contract
Fulfilment Checklist with due dates from 60 days ago to 90 days ahead, a third fulfilled), then runs
``compliance.fulfilment.watch_contracts`` — overdue reminders, escalations and expiry reminders, with
their digests. Target: ≤ 5 s for the 50,000 terms.

Cross-checks (fail the run): the reminders, escalations and expiring contracts equal what a plain count of
the generated rows gives; a second run the same day sends nothing; a run a week later escalates exactly
the terms still unfulfilled and then more than a week overdue. The data is rolled back and deleted.
"""

import random

import frappe
from frappe.utils import add_days, getdate, nowdate

from benchmarks import common
from benchmarks.common import PREFIX, Context, seconds
from benchmarks.run import run_with_generated_data

FULL_SIZES = {"contracts": 5_000, "terms": 50_000, "people": 200}


def run(ctx: Context):
	sizes = {what: ctx.n(full) for what, full in FULL_SIZES.items()}
	run_with_generated_data(ctx, "contracts", sizes, generate, measure, cleanup)


def contract_name(n: int) -> str:
	return f"{PREFIX}CT{n:05d}"


def generate(contracts: int, terms: int, people: int):
	rng = random.Random(16)
	managers = common.make_users("cm", people)
	directors = common.make_users("cd", people)
	common.make_clients(
		contracts,
		lambda n: {"account_manager": managers[n % people], "account_director": directors[n % people]},
	)
	today = getdate(nowdate())
	rows = []
	for n in range(contracts):
		rows.append(
			{
				"name": contract_name(n),
				"party_type": "Customer",
				"party_name": common.client_name(n),
				"customer": common.client_name(n),
				"party_full_name": f"Bench Client {n:05d}",
				"start_date": add_days(today, -200),
				"end_date": add_days(today, rng.randint(1, 400)),
				"is_signed": 1,
				"status": "Active",
				"docstatus": 1,
				"version_no": 1,
				"requires_fulfilment": 1,
				"contract_terms": "年度媒介代理合同",
			}
		)
	common.insert_rows("Contract", rows)
	per_contract = max(1, terms // contracts)
	term_rows = [
		{
			"name": f"{PREFIX}T{t:06d}",
			"parent": contract_name(t // per_contract % contracts),
			"parenttype": "Contract",
			"parentfield": "fulfilment_terms",
			"idx": t % per_contract + 1,
			"requirement": f"履约事项 {t}",
			"due_date": add_days(today, rng.randint(-60, 90)),
			"fulfilled": int(rng.random() < 1 / 3),
			"docstatus": 1,
		}
		for t in range(terms)
	]
	common.insert_rows("Contract Fulfilment Checklist", term_rows)


def expected(as_of):
	"""What the watch must find, counted plainly from the generated rows."""
	term = frappe.qb.DocType("Contract Fulfilment Checklist")
	contract = frappe.qb.DocType("Contract")
	overdue = (
		frappe.qb.from_(term)
		.select(term.name, term.due_date)
		.where(term.parent.like(f"{PREFIX}CT%") & (term.fulfilled == 0) & (term.due_date < as_of))
		.run(as_dict=True)
	)
	expiring = (
		frappe.qb.from_(contract)
		.select(contract.name)
		.where(
			contract.name.like(f"{PREFIX}CT%")
			& (contract.end_date >= as_of)
			& (contract.end_date <= add_days(as_of, 30))
		)
		.run(pluck=True)
	)
	return overdue, expiring


def measure(ctx: Context, sizes: dict):
	from agency_service.compliance.fulfilment import ESCALATE_AFTER_DAYS, watch_contracts

	today = getdate(nowdate())
	overdue, expiring = expected(today)
	elapsed, first = seconds(watch_contracts, today)
	print(
		f"  {sizes['terms']:,} terms of {sizes['contracts']:,} contracts watched in {elapsed:.2f} s: {first}"
	)
	ctx.target(f"contract watch over {sizes['terms']:,} terms", elapsed, 5, "s")
	ctx.check(
		first["reminded"] >= len(overdue) and first["expiring"] >= len(expiring),
		f"the watch reminds every overdue term ({len(overdue):,}) and expiring contract ({len(expiring):,})",
	)
	mine = frappe.db.count(
		"Contract Fulfilment Checklist", {"parent": ("like", f"{PREFIX}CT%"), "overdue_reminded_on": today}
	)
	ctx.check(mine == len(overdue), f"exactly the overdue generated terms are marked reminded ({mine:,})")
	again = watch_contracts(today)
	ctx.check(again == {"reminded": 0, "escalated": 0, "expiring": 0}, f"a second run sends nothing: {again}")
	week = add_days(today, ESCALATE_AFTER_DAYS)
	due_escalation = len(overdue)  # reminded today, every one of them a week overdue by then
	elapsed, later = seconds(watch_contracts, week)
	print(f"  a week later: {later} in {elapsed:.2f} s")
	escalated = frappe.db.count(
		"Contract Fulfilment Checklist", {"parent": ("like", f"{PREFIX}CT%"), "escalated_on": week}
	)
	ctx.check(
		escalated == due_escalation, f"a week later the still-overdue terms escalate once ({escalated:,})"
	)


def cleanup():
	frappe.db.delete("Contract Fulfilment Checklist", {"parent": ("like", f"{PREFIX}CT%")})
	frappe.db.delete("Contract", {"name": ("like", f"{PREFIX}CT%")})
	frappe.db.delete("Customer", {"name": ("like", f"{PREFIX}C%")})
	users = frappe.get_all("User", {"name": ("like", f"{PREFIX.lower()}c%@bench.example.com")}, pluck="name")
	if users:
		frappe.db.delete("Notification Log", {"for_user": ("in", users)})
		frappe.db.delete("User", {"name": ("in", users)})
