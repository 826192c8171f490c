"""Benchmark of the client archive at agency scale.

Generates 10,000 clients, each with a brand file (5 brands, 10 competitor rows, its organisation chart)
and 30 contacts, through bulk inserts; one client gets 1,000 linked records (visits, complaints, survey
responses, work orders) and another 500 open items held by its account manager (open visits, visit
action items, open complaints, ToDos). Then measures:

* the Customer form with its connections (``getdoc`` + ``get_open_count``, the two server calls the desk
  makes to show the form and its connections), median server time — target ≤ 300 ms;
* the handover of the client with 500 open items — target ≤ 2 s;
* the brand-file review reminder job over every client, all files due — target ≤ 10 s.

Cross-checks (fail the run): the connections count exactly the generated records; the handover moves
exactly the 500 open items and a second run moves nothing; the reminder job reminds every due file and a
second run reminds none. Everything generated is removed at the end (names start with ``BENCH-``),
unless ``--keep``.

    bash scripts/bench.sh archive [--site SITE] [--scale 0.1]
"""

import time

import frappe
from frappe.query_builder import DocType
from frappe.utils import add_days, add_to_date, now_datetime, nowdate

from benchmarks import common
from benchmarks.common import Context

BRANDS, COMPETITORS, CONTACTS = 5, 10, 30
LINKED = {"Client Visit": 400, "Client Complaint": 300, "Survey Response": 200, "Client Work Order": 100}
OPEN_ITEMS = {"Client Visit": 100, "Client Visit Action Item": 150, "Client Complaint": 100, "ToDo": 150}
DESK_COUNT_CAP = 100
TARGETS = {"customer form": 300, "handover": 2, "review reminders": 10}
CHILD_TABLES = (
	"Brand File Brand",
	"Brand File Competitor",
	"Brand File Person",
	"Brand File Ad Volume",
	"Brand File Campaign",
	"Brand File Document",
)


def run(ctx: Context):
	clients = ctx.n(10_000, minimum=3)

	def made():
		made = (
			f"{clients:,} clients with brand files, {clients * CONTACTS:,} contacts, "
			f"{sum(LINKED.values()):,} linked records and {sum(OPEN_ITEMS.values())} open items"
		)
		return generate(clients), made

	def measure(ctx: Context, world):
		measure_customer_form(ctx, world)
		measure_handover(ctx, world)
		measure_review_reminders(ctx, clients)

	analyze = ("Customer", "Contact", "Dynamic Link", "Brand File", *CHILD_TABLES)
	common.with_generated_data(ctx, made, measure, cleanup, analyze=analyze)


# --- measuring -------------------------------------------------------------------------------------


def measure_customer_form(ctx: Context, world):
	from frappe.desk.form.load import getdoc
	from frappe.desk.notifications import get_open_count

	name = world.busy_client
	frappe.set_user(world.busy_manager)  # as the desk shows it to the client's account manager

	def load_form():
		frappe.local.response = frappe._dict(docs=[])
		getdoc("Customer", name)
		try:
			return get_open_count("Customer", name)
		finally:
			frappe.db.set_execution_timeout(0)  # get_open_count leaves a 1 s limit on the connection

	counts = {row["doctype"]: row["count"] for row in load_form()["count"]["external_links_found"]}
	# Frappe counts a connection up to 100 (the desk shows "100+")
	expected = {doctype: min(count, DESK_COUNT_CAP) for doctype, count in LINKED.items()}
	ctx.check(
		{doctype: counts.get(doctype) for doctype in LINKED} == expected,
		f"the connections count the client's {sum(LINKED.values()):,} linked records ({expected})",
	)
	median = common.median_ms(load_form, 15)
	frappe.set_user("Administrator")
	print(f"customer form + connections  median {median:7.1f} ms", flush=True)
	ctx.target("customer form", median, TARGETS["customer form"], "ms")


def measure_handover(ctx: Context, world):
	handover = frappe.get_doc(
		{
			"doctype": "Client Handover",
			"customer": world.handover_client,
			"team_role": "Account Manager",
			"outgoing_user": world.old,
			"incoming_user": world.new,
			"from_date": nowdate(),
			"reason": "benchmark",
		}
	).insert()
	started = time.perf_counter()
	moved = handover.apply_handover()
	frappe.db.commit()
	elapsed = time.perf_counter() - started
	print(f"handover of {sum(moved.values())} open items  {elapsed:7.2f} s   {moved}", flush=True)
	ctx.check(
		{k: moved[k] for k in OPEN_ITEMS} == OPEN_ITEMS,
		f"the handover moves exactly the {sum(OPEN_ITEMS.values())} open items",
	)
	ctx.target("handover", elapsed, TARGETS["handover"])
	again = handover.apply_handover()
	frappe.db.commit()
	ctx.check(sum(again.values()) == 0, "a second handover run moves nothing")


def measure_review_reminders(ctx: Context, clients: int):
	from agency_service.clients.reviews import remind_brand_file_reviews

	brand_file = DocType("Brand File")
	frappe.qb.update(brand_file).set(brand_file.last_reviewed_on, add_days(nowdate(), -400)).set(
		brand_file.review_reminded_on, None
	).where(brand_file.name.like(f"{common.PREFIX}%")).run()
	frappe.db.commit()
	started = time.perf_counter()
	first = remind_brand_file_reviews()
	frappe.db.commit()
	elapsed = time.perf_counter() - started
	print(f"review reminders             {elapsed:7.2f} s   {first}", flush=True)
	ctx.check(first["reminded_files"] >= clients, f"every due brand file is reminded ({clients:,})")
	ctx.target("review reminders", elapsed, TARGETS["review reminders"])
	second = remind_brand_file_reviews()
	frappe.db.commit()
	ctx.check(second["reminded_files"] == 0, "a second reminder run reminds nobody again")


# --- generating ------------------------------------------------------------------------------------


def generate(client_count: int):
	managers = common.make_users("am", 20)
	executives = common.make_users("ae", 40)
	old, new = common.make_users("ho", 2)
	contacts, links, files = [], [], []
	children = {doctype: [] for doctype in CHILD_TABLES}

	def client_fields(n):
		return {
			"client_tier": ("Strategic Client", "Key Client", "Potential Client", "Regular Client")[n % 4],
			"account_manager": old if n == 1 else managers[n % len(managers)],
			"account_executive": executives[n % len(executives)],
		}

	customers = common.make_clients(client_count, client_fields)
	for n, client in enumerate(customers):
		name = client["name"]
		people = [f"{common.PREFIX}K{n:05d}{k:02d}" for k in range(CONTACTS)]
		for k, contact in enumerate(people):
			contacts.append({"name": contact, "first_name": f"联系人{n}-{k}", "status": "Passive"})
			links.append(common.contact_link(contact, name))
			children["Brand File Person"].append(
				row(name, "people", k, contact=contact, reports_to=people[0] if k else None)
			)
		files.append(
			{
				"name": name,
				"customer": name,
				"customer_name": client["customer_name"],
				"keeper": client["account_executive"],
				"last_reviewed_on": nowdate(),
				"review_due_on": add_days(nowdate(), 180),
			}
		)
		for k in range(BRANDS):
			children["Brand File Brand"].append(row(name, "brands", k, brand=f"品牌{k}", product=f"产品{k}"))
		for k in range(COMPETITORS):
			children["Brand File Competitor"].append(
				row(
					name,
					"competitors",
					k,
					competitor=f"竞争者{k}",
					year=2025,
					medium="TV",
					estimated_spend=1e6,
				)
			)
	common.insert_rows("Contact", contacts)
	common.insert_rows("Dynamic Link", links)
	common.insert_rows("Brand File", files)
	for doctype, rows in children.items():
		common.insert_rows(doctype, rows)
	busy, handed = common.client_name(0), common.client_name(1)
	make_linked_records(busy, managers[0])
	make_open_items(handed, old)
	common.insert_rows(
		"Has Role",
		[
			{"name": frappe.generate_hash(length=12), "parent": managers[0], "parenttype": "User"}
			| {"parentfield": "roles", "role": role}
			for role in ("Account Manager", "Sales User")
		],
	)
	return frappe._dict(busy_client=busy, busy_manager=managers[0], handover_client=handed, old=old, new=new)


def row(parent: str, parentfield: str, idx: int, **values) -> dict:
	return {
		"name": frappe.generate_hash(length=12),
		"parent": parent,
		"parenttype": "Brand File",
		"parentfield": parentfield,
		"idx": idx + 1,
		**values,
	}


def record(doctype: str, n: int, customer: str, **values) -> dict:
	short = "".join(word[0] for word in doctype.split())
	return {"name": f"{common.PREFIX}{short}{customer[-5:]}{n:04d}", "customer": customer, **values}


def make_linked_records(customer: str, manager: str):
	start = add_to_date(now_datetime(), days=-30)
	closed = {
		"Client Visit": {
			"status": "Completed",
			"docstatus": 1,
			"account_manager": manager,
			"visit_start": start,
		},
		"Client Complaint": {"status": "Closed", "subject": "bench", "received_at": start},
		"Survey Response": {"channel": "Online", "responded_on": start},
		"Client Work Order": {"status": "Archived", "title": "bench", "work_order_type": "Media Plan"},
	}
	for doctype, count in LINKED.items():
		common.insert_rows(doctype, [record(doctype, n, customer, **closed[doctype]) for n in range(count)])


def make_open_items(customer: str, user: str):
	start = add_to_date(now_datetime(), days=3)
	visits = [
		record("Client Visit", n, customer, status="Planned", account_manager=user, visit_start=start)
		for n in range(OPEN_ITEMS["Client Visit"])
	]
	common.insert_rows("Client Visit", visits)
	common.insert_rows(
		"Client Visit Action Item",
		[
			{
				"name": frappe.generate_hash(length=12),
				"parent": visits[n % len(visits)]["name"],
				"parenttype": "Client Visit",
				"parentfield": "action_items",
				"idx": n + 1,
				"action": "bench",
				"assigned_to": user,
				"status": "Open",
			}
			for n in range(OPEN_ITEMS["Client Visit Action Item"])
		],
	)
	common.insert_rows(
		"Client Complaint",
		[
			record(
				"Client Complaint", n, customer, status="Investigating", account_manager=user, subject="bench"
			)
			for n in range(OPEN_ITEMS["Client Complaint"])
		],
	)
	common.insert_rows(
		"ToDo",
		[
			{
				"name": f"{common.PREFIX}T{n:05d}",
				"status": "Open",
				"allocated_to": user,
				"description": "bench",
				"reference_type": "Customer",
				"reference_name": customer,
			}
			for n in range(OPEN_ITEMS["ToDo"])
		],
	)


# --- cleaning up -----------------------------------------------------------------------------------


def cleanup():
	like = f"{common.PREFIX}%"
	for doctype in ("Client Visit", "Client Complaint", "Survey Response", "Client Work Order"):
		common.delete_like(doctype, "customer", like)
	common.delete_like("Client Visit Action Item", "parent", like)
	common.delete_like("ToDo")
	handovers = frappe.get_all("Client Handover", {"customer": ("like", like)}, pluck="name")
	common.delete_names("Client Handover Checklist Item", "parent", handovers)
	for table, field in (("Comment", "reference_name"), ("Version", "docname")):
		common.delete_names(table, field, handovers)
	common.delete_names("Client Handover", "name", handovers)
	common.delete_like("Client Keeper Period", "customer", like)
	for doctype in CHILD_TABLES:
		common.delete_like(doctype, "parent", like)
	common.delete_like("Brand File")
	log = DocType("Notification Log")
	frappe.qb.from_(log).delete().where(
		(log.document_type == "Brand File") & log.document_name.like(like)
	).run()
	common.cleanup_clients()
