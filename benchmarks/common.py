"""What every benchmark shares: the site connection, the scale, generated clients, cleanup and checks.

A benchmark module defines ``run(ctx: Context)``; ``benchmarks/run.py`` (``bash scripts/bench.sh NAME``)
connects to the site and calls it. Data sizes are written at full scale (the figures in the README)
and go through ``ctx.n()``, so ``--scale 0.1`` runs every benchmark on a tenth of its data.

Two kinds of verdict:

* ``ctx.check`` — the benchmark's own cross-check (two ways of computing agree, a second run creates
  nothing, …). A failed check always fails the run: the timings of wrong work mean nothing.
* ``ctx.target`` — a time or memory target of the issue that asked for the feature. Printed as met or
  missed; it fails the run only with ``--enforce-targets`` (the machine is shared and figures are noisy).
"""

import os
import resource
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import frappe
from frappe.query_builder import DocType
from frappe.utils import add_to_date, now_datetime

# Generated rows go in the way the app's jobs insert theirs (standard columns filled in)
from agency_service.bulk import bulk_insert_rows as insert_rows

PREFIX = "BENCH-"
TIERS = ("Strategic Client", "Key Client", "Potential Client", "Regular Client")
CHUNK = 5000


@dataclass
class Context:
	site: str
	bench: str
	scale: float = 1.0
	enforce_targets: bool = False
	keep: bool = False
	phase: str | None = None
	extra: list[str] = field(default_factory=list)  # options of one benchmark's own (e.g. portal_load)
	failures: list[str] = field(default_factory=list)
	missed: list[str] = field(default_factory=list)

	@property
	def sites_path(self) -> str:
		return os.path.join(self.bench, "sites")

	def n(self, full: int, minimum: int = 1) -> int:
		"""A data size written at full scale, scaled by ``--scale``."""
		return max(minimum, round(full * self.scale))

	def check(self, ok: bool, what: str) -> bool:
		"""A cross-check of the benchmark's own results: failing it fails the run."""
		print(f"  check {'ok' if ok else 'FAILED'}: {what}", flush=True)
		if not ok:
			self.failures.append(what)
		return ok

	def target(self, label: str, value: float, limit: float, unit: str = "s", at_least: bool = False) -> bool:
		"""A target of the issue: ``value`` ≤ ``limit`` (≥ with ``at_least``)."""
		met = value >= limit if at_least else value <= limit
		sign = "≥" if at_least else "≤"
		print(
			f"  target {'met' if met else 'MISSED'}: {label} {value:.2f} {unit} ({sign} {limit:g} {unit})",
			flush=True,
		)
		if not met:
			self.missed.append(f"{label}: {value:.2f} {unit}, target {sign} {limit:g} {unit}")
		return met

	def exit_code(self) -> int:
		if self.failures or (self.enforce_targets and self.missed):
			return 1
		return 0


def connect(ctx: Context):
	os.chdir(ctx.sites_path)
	frappe.init(site=ctx.site, sites_path=ctx.sites_path)
	frappe.connect()
	frappe.set_user("Administrator")


# --- running on generated data ---------------------------------------------------------------------


def with_generated_data(ctx: Context, generate: Callable, measure: Callable, cleanup: Callable, analyze=()):
	"""Run a benchmark on data it generates in this process: ``cleanup()`` first (a previous run's
	leftovers), then ``generate()``, which returns ``(world, "what it made")`` (None: said already),
	committed and the ``analyze`` doctypes' statistics brought up to date, then ``measure(ctx, world)``; the
	data is removed after (``cleanup()``) unless ``--keep``. (``run.run_with_generated_data`` generates in a
	process of its own through this, for benchmarks whose peak memory is a target.)"""
	cleanup()
	frappe.db.commit()
	try:
		started = time.perf_counter()
		world, made = generate()
		frappe.db.commit()
		analyze_tables(*analyze)
		if made:
			print(f"generated {made} in {time.perf_counter() - started:.1f} s", flush=True)
		measure(ctx, world)
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		if not ctx.keep:
			cleanup()
			frappe.db.commit()


# --- measuring -------------------------------------------------------------------------------------


def analyze_tables(*doctypes: str):
	"""Bring MariaDB's table statistics up to date after a bulk load (a live site's are current; right after
	a load they are not until MariaDB's background recount, and the optimiser would plan on empty-table
	estimates). The names are the benchmark's own doctypes: identifiers cannot be query parameters."""
	for doctype in doctypes:
		frappe.db.sql(f"analyze table `tab{doctype}`")


def peak_rss_mb() -> float:
	return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seconds(fn: Callable, *args, **kwargs) -> tuple[float, object]:
	started = time.perf_counter()
	result = fn(*args, **kwargs)
	return time.perf_counter() - started, result


def median_ms(fn: Callable, runs: int) -> float:
	times = []
	for _ in range(runs):
		started = time.perf_counter()
		fn()
		times.append((time.perf_counter() - started) * 1000)
	return statistics.median(times)


# --- generating ------------------------------------------------------------------------------------


def make_users(kind: str, count: int) -> list[str]:
	"""``count`` enabled system users named ``bench-<kind><n>@bench.example.com`` (no roles)."""
	users = [f"{PREFIX.lower()}{kind}{n}@bench.example.com" for n in range(count)]
	insert_rows(
		"User",
		[
			{"name": u, "email": u, "first_name": u.split("@")[0], "enabled": 1, "user_type": "System User"}
			for u in users
		],
	)
	return users


def client_name(n: int) -> str:
	return f"{PREFIX}C{n:05d}"


def make_clients(count: int, fields: Callable[[int], dict]) -> list[dict]:
	"""``count`` clients ``BENCH-C00000…`` (customer name ``Bench Client 00000``), ``fields(n)`` added."""
	group = frappe.db.get_value("Customer Group", {"is_group": 0}, "name")
	territory = frappe.db.get_value("Territory", {"is_group": 0}, "name")
	clients = [
		{
			"name": client_name(n),
			"customer_name": f"Bench Client {n:05d}",
			"customer_type": "Company",
			"customer_group": group,
			"territory": territory,
			"disabled": 0,
			**fields(n),
		}
		for n in range(count)
	]
	insert_rows("Customer", clients)
	return clients


def contact_link(contact: str, customer: str) -> dict:
	"""The Dynamic Link row that makes ``contact`` a contact of ``customer``."""
	return {
		"name": frappe.generate_hash(length=12),
		"parent": contact,
		"parenttype": "Contact",
		"parentfield": "links",
		"idx": 1,
		"link_doctype": "Customer",
		"link_name": customer,
	}


# --- generating the client service records the reports and jobs read ----------------------------------


def generate_complaints(rng, clients, count, min_days_ago: int = 0):
	"""Complaints over the last 18 months (a third outside the 12 counted) of a third of the clients,
	none in the last ``min_days_ago`` days."""
	now = now_datetime()
	complainers = rng.sample(clients, max(1, len(clients) // 3))
	rows = []
	for n in range(count):
		client = rng.choice(complainers)
		received = add_to_date(now, days=-rng.randint(min_days_ago, 540), hours=-rng.randint(0, 23))
		rows.append(
			{
				"name": f"{PREFIX}CMP{n:06d}",
				"subject": f"Complaint {n}",
				"content": "<p>Complaint</p>",
				"customer": client["name"],
				"customer_name": client["customer_name"],
				"client_tier": client["client_tier"],
				"channel": "Phone",
				"category": "Service Quality",
				"priority": "Medium",
				"received_at": received,
				"status": "Closed",
			}
		)
	insert_rows("Client Complaint", rows)


def generate_responses(rng, clients, count):
	"""Survey responses over the last 18 months of half the clients: 0–5 of 5 dimensions satisfied."""
	now = now_datetime()
	answering = rng.sample(clients, max(1, len(clients) // 2))
	rows = []
	for n in range(count):
		client = rng.choice(answering)
		satisfied = rng.choices(range(6), (1, 1, 2, 3, 4, 4))[0]
		nps = rng.randint(0, 10)
		rows.append(
			{
				"name": f"{PREFIX}SR{n:06d}",
				"customer": client["name"],
				"channel": "Phone",
				"entered_offline": 1,
				"responded_on": add_to_date(now, days=-rng.randint(0, 540), hours=-rng.randint(0, 23)),
				"client_tier": client["client_tier"],
				"rated_total": 5,
				"satisfied_total": satisfied,
				"csat": satisfied * 20,
				"nps_score": nps,
				"nps_category": "Promoter" if nps >= 9 else "Detractor" if nps <= 6 else "Passive",
			}
		)
	insert_rows("Survey Response", rows)


# --- cleaning up -----------------------------------------------------------------------------------


def delete_names(doctype: str, field: str, names: Iterable[str]):
	"""Delete rows whose ``field`` is one of ``names``, a chunk at a time (primary-key or index range)."""
	names = list(names)
	table = DocType(doctype)
	for start in range(0, len(names), CHUNK):
		frappe.qb.from_(table).delete().where(table[field].isin(names[start : start + CHUNK])).run()


def delete_like(doctype: str, field: str = "name", like: str = f"{PREFIX}%"):
	table = DocType(doctype)
	frappe.qb.from_(table).delete().where(table[field].like(like)).run()


def cleanup_clients():
	"""Remove the generated clients, their contacts and the generated users (all named ``BENCH-…``)."""
	link = DocType("Dynamic Link")
	frappe.qb.from_(link).delete().where(
		(link.parenttype == "Contact") & link.parent.like(f"{PREFIX}%")
	).run()
	delete_like("Contact Email", "parent")
	for doctype in ("Contact", "Customer"):
		delete_like(doctype)
	users = frappe.get_all("User", filters={"name": ("like", f"{PREFIX.lower()}%")}, pluck="name")
	delete_names("Has Role", "parent", users)
	delete_names("User", "name", users)
