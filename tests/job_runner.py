"""Start scheduled jobs of the app in separate processes, several copies of each at the same moment.

Run with the bench's Python from the ``sites`` folder (``tests/test_scheduled_jobs_once.py`` does)::

    python job_runner.py SITE COPIES METHOD [METHOD …]

Each copy is a process of its own with its own database connection, as on two machines; the copies of a
job wait at a barrier and call the job together, then commit as Frappe's scheduler does. One JSON line
per job: its method, the database time before and after, and each copy's outcome ("ok" or a traceback).
"""

import json
import multiprocessing
import os
import sys
import traceback


def run_copy(site: str, method: str, barrier, results):
	import frappe

	try:
		frappe.init(site=site, sites_path=".")
		frappe.connect()
		job = frappe.get_attr(method)
		barrier.wait(timeout=120)
		job()
		frappe.db.commit()  # nosemgrep: as the scheduler does after a job
		results.put("ok")
	except BaseException:
		results.put(traceback.format_exc())
	finally:
		os._exit(0)  # no destructors: nothing of this process may touch the parent's state


def database_now(site: str) -> str:
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		return str(frappe.db.sql("select now(6)")[0][0])
	finally:
		frappe.destroy()


def main(site: str, copies: int, methods: list[str]):
	import frappe  # noqa: F401  imported once, before the forks, so each copy starts at once

	context = multiprocessing.get_context("fork")
	for method in methods:
		started = database_now(site)
		barrier, results = context.Barrier(copies), context.Queue()
		processes = [
			context.Process(target=run_copy, args=(site, method, barrier, results)) for _ in range(copies)
		]
		for process in processes:
			process.start()
		outcomes = [results.get(timeout=600) for _ in processes]
		for process in processes:
			process.join(timeout=60)
		print(
			json.dumps(
				{"method": method, "started": started, "ended": database_now(site), "outcomes": outcomes}
			)
		)
		sys.stdout.flush()


if __name__ == "__main__":
	main(sys.argv[1], int(sys.argv[2]), sys.argv[3:])
