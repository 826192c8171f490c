"""Each scheduled job killed midway (SIGKILL right after its first write) leaves no half state, and
started again it does all of its work; a third run then finds nothing left.

The jobs keep their work in one transaction and hold their lock (``job_lock.runs_alone``) through their
database connection: a killed job's writes are rolled back and its lock freed by MariaDB when the
connection drops, so the next run starts at once and finds everything still to do.
"""

import pytest

from tests.job_world import (
	committed_world,
	effect_names,
	repeated_effects,
	run_jobs,
	scheduled_jobs,
	work_done,
)

pytestmark = pytest.mark.hardening

__all__ = ["committed_world"]


@pytest.mark.usefixtures("committed_world")
def test_a_job_killed_midway_leaves_nothing_half_done_and_the_next_run_finishes_it():
	half_done, not_killed, unfinished, failures = {}, [], [], {}
	for job in scheduled_jobs():
		before = effect_names()
		(killed,) = run_jobs(1, [job], kill_after_writes=1)
		if killed["outcomes"] != ["killed"]:
			not_killed.append((job, killed["outcomes"]))
			continue
		if work_done(before):
			half_done[job] = True
		(rerun,) = run_jobs(1, [job])
		if rerun["outcomes"] != ["ok"]:
			failures[job] = rerun["outcomes"]
		elif not work_done(before):
			unfinished.append(job)  # the restart did nothing: the killed run's lock or state blocked it
		assert repeated_effects(before) == {}, job
	assert not_killed == []  # every job writes, so each was really stopped midway
	assert half_done == {}
	assert failures == {}
	assert unfinished == []
	# nothing is left for a third run
	before = effect_names()
	for run in run_jobs(1, scheduled_jobs()):
		assert run["outcomes"] == ["ok"]
	assert repeated_effects(before) == {}
