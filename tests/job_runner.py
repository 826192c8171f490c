"""Start scheduled jobs of the app in separate processes, several copies of each at the same moment.

Run with the bench's Python from the ``sites`` folder (``tests/test_scheduled_jobs_once.py`` does)::

    python job_runner.py SITE COPIES [--kill-after-writes N] METHOD [METHOD …]

Each copy is a process of its own with its own database connection, as on two machines; the copies of a
job wait at a barrier and call the job together, then commit as Frappe's scheduler does. One JSON line
per job: its method, the database time before and after, and each copy's outcome ("ok" or a traceback).
"""

import json
import multiprocessing
import os
import signal
import sys
import traceback

WRITES = ("insert", "update", "delete", "replace")


def kill_after_writes(count: int, results):
	"""Let the job run until its ``count``-th write statement has been executed, then die at once.

	Counted at the driver (every statement Frappe or the app's bulk helpers send goes through pymysql's
	``Cursor.execute``); the statement itself runs for real."""
	import pymysql.cursors

	execute, writes = pymysql.cursors.Cursor.execute, [0]

	def counting_execute(cursor, query, args=None):
		result = execute(cursor, query, args)
		# executemany sends its multi-row INSERTs as a bytearray
		text = bytes(query).decode(errors="replace") if isinstance(query, bytes | bytearray) else str(query)
		if text.lstrip().lower().startswith(WRITES):
			writes[0] += 1
			if writes[0] >= count:
				results.put("killed")
				os.kill(os.getpid(), signal.SIGKILL)
		return result

	pymysql.cursors.Cursor.execute = counting_execute


def run_copy(site: str, method: str, barrier, results, kill_after: int = 0):
	import frappe

	try:
		frappe.init(site=site, sites_path=".")
		frappe.connect()
		job = frappe.get_attr(method)
		barrier.wait(timeout=120)
		if kill_after:
			kill_after_writes(kill_after, results)
		job()
		frappe.db.commit()  # nosemgrep: as the scheduler does after a job
		results.put("finished" if kill_after else "ok")
	except BaseException:
		results.put(traceback.format_exc())
	finally:
		os._exit(0)  # no destructors: nothing of this process may touch the parent's state


def database_now(site: str) -> str:
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		# the site's clock, as Frappe stamps ``creation`` and ``modified`` (the site's time zone)
		return str(frappe.utils.now_datetime())
	finally:
		frappe.destroy()


def main(site: str, copies: int, methods: list[str], kill_after: int = 0):
	import frappe  # noqa: F401  imported once, before the forks, so each copy starts at once

	context = multiprocessing.get_context("fork")
	for method in methods:
		started = database_now(site)
		barrier, results = context.Barrier(copies), context.SimpleQueue()
		processes = [
			context.Process(target=run_copy, args=(site, method, barrier, results, kill_after))
			for _ in range(copies)
		]
		for process in processes:
			process.start()
		outcomes = [results.get() for _ in processes]  # every copy puts exactly one outcome
		for process in processes:
			process.join(timeout=60)
		print(
			json.dumps(
				{"method": method, "started": started, "ended": database_now(site), "outcomes": outcomes}
			)
		)
		sys.stdout.flush()


if __name__ == "__main__":
	site, copies, rest = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
	kill_after = 0
	if rest[:1] == ["--kill-after-writes"]:
		kill_after, rest = int(rest[1]), rest[2:]
	main(site, copies, rest, kill_after)
