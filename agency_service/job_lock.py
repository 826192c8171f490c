"""One run at a time of each scheduled job, across every machine of a deployment.

Frappe's scheduler enqueues a job only when it is not already queued, but that check and the enqueue
are not atomic: two schedulers (a second machine, a scheduler restarted during a long run) or a manual
run next to the scheduled one start the same job twice, and two runs that read the same state before
either writes would both escalate, email, plan or propose. Frappe's own locks are files on one machine
(``frappe.utils.synchronization.filelock``, ``Document.lock``), so the lock here is MariaDB's named lock
(``GET_LOCK``), which every machine sharing the database sees. It belongs to the job's database
connection: a worker killed midway loses it with its connection, so the job can be started again at
once, and the next run carries on from what the killed one committed.

A run that finds the lock taken does nothing (the other run does the work). A run that gets it first
commits what the caller had open, so its reads start after the previous run's commit, and commits its
own work before letting the next run in.
"""

import functools
import hashlib

import frappe

LOCK_PREFIX = "agency_job:"


def job_lock_name(job) -> str:
	# MariaDB lock names are server-wide and at most 64 characters: one name per database and job.
	key = f"{frappe.conf.db_name}:{job.__module__}.{job.__qualname__}"
	return LOCK_PREFIX + hashlib.sha1(key.encode()).hexdigest()


def acquire_job_lock(name: str) -> bool:
	return frappe.db.sql("select get_lock(%s, 0)", name)[0][0] == 1


def release_job_lock(name: str):
	frappe.db.sql("select release_lock(%s)", name)


def runs_alone(job):
	"""Decorate a scheduled job so that at most one run of it happens at a time on the whole deployment."""

	@functools.wraps(job)
	def run_alone(*args, **kwargs):
		name = job_lock_name(job)
		frappe.db.commit()  # nosemgrep: scheduled job; its reads must see the previous run's commit
		if not acquire_job_lock(name):
			frappe.logger("agency_jobs").info(
				f"{job.__module__}.{job.__qualname__} is already running elsewhere: skipped"
			)
			return None
		try:
			result = job(*args, **kwargs)
			frappe.db.commit()  # nosemgrep: the next run may start only once this one's work is visible
			return result
		except Exception:
			frappe.db.rollback()
			raise
		finally:
			release_job_lock(name)

	run_alone.runs_alone = True
	return run_alone
