"""Benchmark of the sign-off engine (issue #3: sign-off chains).

    bash scripts/bench.sh signoff [--site SITE] [--scale 0.1]

1. 1,000 work orders pending dispatch sign-off (created through the real engine). Then the Sign action
   is timed in-process (the server-side work of POST sign_document, commit included) for co-signers:
   a first signature that leaves the step open, and a second one that completes it (project created,
   status advanced). Target: median ≤ 150 ms.
2. 10,000 pending steps past their deadline (bulk-inserted requests): the hourly overdue-step job.
   Target ≤ 5 s; the second run must send nothing.
Cross-checks (fail the run): every work order is pending after submission; the first job run reminds
someone, the second sends nothing. Everything the benchmark creates is deleted at the end.
"""

import statistics
import time

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, nowdate, random_string

from benchmarks.common import Context
from tests.factories import make_outgoing_account

MARK = f"BENCH-{random_string(6)}"


def run(ctx: Context):
	work_orders, customer = [], None
	try:
		work_orders, _team, customer = part_1_sign_action(ctx, ctx.n(1000))
		part_2_overdue_job(ctx, ctx.n(10_000))
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		cleanup(work_orders, customer)


def make_user(role):
	email = f"{MARK.lower()}-{random_string(6).lower()}@bench.example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Bench",
			"send_welcome_email": 0,
			"roles": [{"role": role}, {"role": "Sales User"}],
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	return email


def timed(fn, *a, **kw):
	start = time.perf_counter()
	fn(*a, **kw)
	frappe.db.commit()
	return (time.perf_counter() - start) * 1000


def part_1_sign_action(ctx: Context, count: int):
	from agency_service.signoff.engine import sign

	ae, director, head = (
		make_user("Account Executive"),
		make_user("Account Director"),
		make_user("Client Service Head"),
	)
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": f"{MARK} Client",
			"customer_type": "Company",
			"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}),
			"territory": frappe.db.get_value("Territory", {"is_group": 0}),
			"account_director": director,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	company = frappe.db.get_value("Company", {}, "name")
	print(f"creating {count} work orders pending dispatch sign-off …", flush=True)
	start = time.perf_counter()
	names = []
	frappe.set_user(ae)
	for i in range(count):
		wo = frappe.get_doc(
			{
				"doctype": "Client Work Order",
				"customer": customer.name,
				"work_order_type": "Media Plan",
				"title": f"{MARK} {i}",
				"deadline": add_days(nowdate(), 30),
				"company": company,
				"brief": "bench",
				"budget": 1000,
				"target_departments": [{"department": "Media"}],
			}
		).insert()
		wo.submit_for_dispatch()
		names.append(wo.name)
		if i % 100 == 99:
			frappe.db.commit()
	frappe.db.commit()
	print(f"  created in {time.perf_counter() - start:.1f} s", flush=True)
	pending = frappe.db.count("Sign-off Request", {"status": "Pending", "reference_name": ("in", names)})
	print(f"  pending sign-offs: {pending}")
	ctx.check(pending == count, f"every submitted work order is pending sign-off ({pending:,} of {count:,})")

	first, second = [], []
	for name in names[:300]:
		frappe.set_user(head)
		first.append(timed(sign, "Client Work Order", name, "Approved"))
		frappe.set_user(director)
		second.append(timed(sign, "Client Work Order", name, "Approved"))
	frappe.set_user("Administrator")
	for label, values in (
		("first co-signature (step stays open)", first),
		("second co-signature (step completes)", second),
	):
		values.sort()
		print(
			f"  Sign, {label}: median {statistics.median(values):.1f} ms, "
			f"p90 {values[int(len(values) * 0.9) - 1]:.1f} ms over {len(values)} signs"
		)
	allsigns = sorted(first + second)
	print(f"  Sign, all: median {statistics.median(allsigns):.1f} ms (target ≤ 150 ms)")
	ctx.target("Sign action, median", statistics.median(allsigns), 150, "ms")
	return names, (ae, director, head), customer.name


def part_2_overdue_job(ctx: Context, count: int):
	from agency_service.signoff.overdue import remind_overdue_steps

	approvers = [make_user("Account Director") for _ in range(20)]
	make_user("Client Service Head")
	frappe.db.commit()
	now = now_datetime()
	started = add_to_date(now, hours=-30)
	fields = [
		"name",
		"reference_doctype",
		"reference_name",
		"rule",
		"purpose",
		"cycle",
		"status",
		"current_step_no",
		"current_step_name",
		"step_started_at",
		"step_deadline",
		"pending_with",
		"reminder_level",
		"requested_by",
		"requested_at",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
	]
	values = [
		(
			f"{MARK}-{i:05d}",
			"Client Work Order",
			f"{MARK}-WO-{i:05d}",
			"Work Order Dispatch",
			"dispatch",
			1,
			"Pending",
			1,
			"Dispatch Approval",
			started,
			add_to_date(started, hours=24),
			"\n".join(approvers[i % 20 : i % 20 + 2]),
			0,
			"Administrator",
			started,
			now,
			now,
			"Administrator",
			"Administrator",
			0,
		)
		for i in range(count)
	]
	frappe.db.bulk_insert("Sign-off Request", fields, values, chunk_size=2000)
	frappe.db.commit()
	ensure_email_account()
	logs_before = frappe.db.count("Notification Log")
	mails_before = frappe.db.count("Email Queue")
	start = time.perf_counter()
	result = remind_overdue_steps()
	frappe.db.commit()
	first = time.perf_counter() - start
	logs_first = frappe.db.count("Notification Log") - logs_before
	mails_first = frappe.db.count("Email Queue") - mails_before
	start = time.perf_counter()
	again = remind_overdue_steps()
	frappe.db.commit()
	second = time.perf_counter() - start
	print(
		f"overdue-step job over {count} pending overdue steps: {first:.2f} s (target ≤ 5 s): {result}; "
		f"{logs_first} notifications, {mails_first} emails queued (one digest per person)"
	)
	logs_second = frappe.db.count("Notification Log") - logs_before - logs_first
	mails_second = frappe.db.count("Email Queue") - mails_before - mails_first
	print(f"  second run: {second:.2f} s: {again}; {logs_second} more notifications")
	ctx.target(f"overdue-step job over {count:,} steps", first, 5)
	ctx.check(result["reminded"] > 0 and logs_first > 0, "the first run reminds the approvers")
	ctx.check(
		not again["reminded"] and not again["escalated"] and not logs_second and not mails_second,
		"the second run sends nothing",
	)
	return approvers


def ensure_email_account():
	if frappe.db.get_value("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return None
	account = make_outgoing_account(MARK, "bench@bench.example.com")
	frappe.db.commit()
	return account.name


def cleanup(work_orders, customer):
	frappe.db.delete("Sign-off Request", {"name": ("like", f"{MARK}-%")})
	names = frappe.get_all("Sign-off Request", {"reference_name": ("in", work_orders or [""])}, pluck="name")
	for chunk in range(0, len(names), 500):
		part = names[chunk : chunk + 500]
		frappe.db.delete("Sign-off Request Step", {"parent": ("in", part)})
	frappe.db.delete("Sign-off Request", {"reference_name": ("in", work_orders)})
	frappe.db.delete("Sign-off Signature", {"reference_name": ("in", work_orders)})
	for table, field in (
		("ToDo", "reference_name"),
		("Comment", "reference_name"),
		("Version", "docname"),
		("Notification Log", "document_name"),
	):
		frappe.db.delete(table, {field: ("in", work_orders)})
	frappe.db.delete("Notification Log", {"for_user": ("like", f"{MARK.lower()}%")})
	frappe.db.delete("Client Work Order Department", {"parent": ("in", work_orders)})
	frappe.db.delete("Client Work Order", {"name": ("in", work_orders)})
	frappe.db.delete("Project", {"customer": customer})
	frappe.db.delete("Customer", {"name": customer})
	frappe.db.delete("Email Account", {"name": MARK})
	users = frappe.get_all("User", {"name": ("like", f"{MARK.lower()}%")}, pluck="name")
	frappe.db.delete("Has Role", {"parent": ("in", users)})
	frappe.db.delete("User", {"name": ("in", users)})
	frappe.db.commit()
