"""Benchmark of the client portal's work pages (/work) at agency scale.

Generates 10,000 clients and 100,000 dispatched work orders, each with its ERPNext Project and 10 tasks
(1,000,000 tasks, two of them milestones), through bulk inserts; one client has 300 work orders and a
contact who logs in on the portal. Then measures, as that portal user:

* the client's ``/work`` list (``api.work.get_work_orders``: 300 work orders with their progress), median
  server time — target ≤ 100 ms;
* confirming a milestone (``api.work.confirm`` of a completed milestone, the confirmation recorded),
  median over 15 work orders — target ≤ 200 ms.

Cross-checks (fail the run): the list holds exactly the client's 300 work orders and no other client's,
with the progress the generated tasks give; every confirmation is recorded once with its version.
The progress-report job the issue names is measured by ``bench_work_progress`` (``bench.sh work_progress``).
Everything generated is removed at the end (names start with ``BENCH-``), unless ``--keep``.

    bash scripts/bench.sh work [--site SITE] [--scale 0.1]
"""

import time

import frappe
from frappe.utils import add_days, nowdate

from benchmarks import common
from benchmarks.common import Context

ORDERS_PER_CLIENT, BUSY_ORDERS, TASKS, DONE_TASKS = 10, 300, 10, 3
TARGETS = {"work list": 100, "confirm milestone": 200}
CONFIRM_RUNS = 15
WORK_TABLES = ("Client Work Order", "Project", "Task", "Contact", "Dynamic Link")


def run(ctx: Context):
	clients = ctx.n(10_000, minimum=3)

	def made():
		world = generate(clients)
		return world, f"{clients:,} clients, {world.orders:,} work orders and {world.tasks:,} tasks"

	common.with_generated_data(ctx, made, measure, cleanup, analyze=WORK_TABLES)


def measure(ctx: Context, world):
	measure_list(ctx, world)
	measure_confirm(ctx, world)


def measure_list(ctx: Context, world):
	from agency_service.api import work

	frappe.set_user(world.portal_user)

	def load():
		return work.get_work_orders()

	rows = load()
	names = {row.name for row in rows}
	ctx.check(
		names == set(world.busy_orders), f"the list holds exactly the client's {BUSY_ORDERS} work orders"
	)
	expected = round(100.0 * DONE_TASKS / TASKS)
	ctx.check({row.progress for row in rows} == {expected}, f"each shows its progress ({expected} %)")
	median = common.median_ms(load, 15)
	frappe.set_user("Administrator")
	print(f"/work list of {len(rows)} work orders  median {median:7.1f} ms", flush=True)
	ctx.target("work list", median, TARGETS["work list"], "ms")


def measure_confirm(ctx: Context, world):
	from agency_service.api import work

	frappe.set_user(world.portal_user)
	times, recorded = [], []
	for order in world.busy_orders[:CONFIRM_RUNS]:
		milestone = next(i for i in work.get_work_order(order)["to_confirm"] if i["kind"] == "Milestone")
		started = time.perf_counter()
		recorded.append(work.confirm(order, milestone["version"], "Confirmed"))
		frappe.db.commit()
		times.append((time.perf_counter() - started) * 1000)
	frappe.set_user("Administrator")
	times.sort()
	median = times[len(times) // 2]
	stored = frappe.db.count("Client Confirmation", {"work_order": ("in", world.busy_orders)})
	ctx.check(stored == len(recorded) == CONFIRM_RUNS, f"each confirmation is recorded once ({stored})")
	print(f"confirm a milestone           median {median:7.1f} ms", flush=True)
	ctx.target("confirm milestone", median, TARGETS["confirm milestone"], "ms")


# --- generating ------------------------------------------------------------------------------------


def generate(client_count: int):
	company = frappe.db.get_value("Company", {}, "name")
	customers = common.make_clients(client_count, lambda n: {"client_tier": "Key Client"})
	portal_user = f"{common.PREFIX.lower()}portal@bench.example.com"
	common.insert_rows(
		"User",
		[
			{
				"name": portal_user,
				"email": portal_user,
				"first_name": "Portal",
				"enabled": 1,
				"user_type": "Website User",
			}
		],
	)
	contact = f"{common.PREFIX}PORTAL"
	common.insert_rows(
		"Contact", [{"name": contact, "first_name": "Portal", "user": portal_user, "status": "Passive"}]
	)
	common.insert_rows("Dynamic Link", [common.contact_link(contact, customers[0]["name"])])
	orders, projects, tasks = [], [], []
	busy = []
	deadline = add_days(nowdate(), 60)
	for n, client in enumerate(customers):
		count = BUSY_ORDERS if n == 0 else ORDERS_PER_CLIENT
		for k in range(count):
			order = f"{common.PREFIX}WO{n:05d}{k:03d}"
			project = f"{common.PREFIX}PR{n:05d}{k:03d}"
			if n == 0:
				busy.append(order)
			orders.append(
				{
					"name": order,
					"customer": client["name"],
					"work_order_type": "Campaign Plan",
					"title": f"Campaign {n}-{k}",
					"status": "In Progress",
					"deadline": deadline,
					"company": company,
					"budget": 100000,
					"project": project,
				}
			)
			projects.append(
				{
					"name": project,
					"project_name": project,
					"customer": client["name"],
					"status": "Open",
					"company": company,
					"percent_complete_method": "Task Completion",
					"percent_complete": 100.0 * DONE_TASKS / TASKS,  # as ERPNext keeps it from the tasks
				}
			)
			for t in range(TASKS):
				tasks.append(
					{
						"name": f"{project}-T{t:02d}",
						"subject": f"Task {t}",
						"project": project,
						"status": "Completed" if t < DONE_TASKS else "Open",
						"is_milestone": int(t in (0, 5)),
						"exp_end_date": add_days(nowdate(), t * 5),
						"lft": 0,
						"rgt": 0,
					}
				)
		if len(tasks) >= 200_000:
			flush(orders, projects, tasks)
	flush(orders, projects, tasks)
	return frappe._dict(
		portal_user=portal_user,
		busy_orders=busy,
		orders=client_count * ORDERS_PER_CLIENT - ORDERS_PER_CLIENT + BUSY_ORDERS,
		tasks=(client_count * ORDERS_PER_CLIENT - ORDERS_PER_CLIENT + BUSY_ORDERS) * TASKS,
	)


def flush(orders, projects, tasks):
	common.insert_rows("Client Work Order", orders)
	common.insert_rows("Project", projects)
	common.insert_rows("Task", tasks)
	frappe.db.commit()
	orders.clear(), projects.clear(), tasks.clear()


def cleanup():
	frappe.db.rollback()
	orders = frappe.get_all("Client Work Order", {"name": ("like", f"{common.PREFIX}%")}, pluck="name")
	common.delete_names("Client Confirmation", "work_order", orders)
	common.delete_like("Task")
	common.delete_like("Project")
	common.delete_like("Client Work Order")
	common.cleanup_clients()
