"""Every scheduled job of the app, started twice at the same moment in two processes (as by two
schedulers on two machines), has each of its effects exactly once.

``tests/job_world.py`` commits work for every job of ``hooks.scheduler_events``; ``tests/job_runner.py``
starts two copies of each job behind a barrier, and later a third copy of each. Among the rows each job
wrote, none may repeat another: the same ToDo, email, notification, escalation, visit, reminder,
invitation or tier change twice is a failure.
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
def test_every_scheduled_job_started_twice_at_once_has_each_effect_once():
	jobs = scheduled_jobs()
	assert len(jobs) >= 9
	idle, repeated, failures = [], {}, {}
	for job in jobs:
		before = effect_names()
		(run,) = run_jobs(2, [job])  # two copies at the same moment
		if errors := [o for o in run["outcomes"] if o != "ok"]:
			failures[job] = errors
		if found := repeated_effects(before):
			repeated[job] = found
		if not work_done(before):
			idle.append(job)
	# every job had work to do in this world (not idle), so no failure and no repeat means something
	assert {"failed": failures, "repeated": repeated, "idle": idle} == {
		"failed": {},
		"repeated": {},
		"idle": [],
	}

	# and a third run of each, after the pair, makes nothing a second time
	before = effect_names()
	runs = run_jobs(1, jobs)
	assert [o for run in runs for o in run["outcomes"] if o != "ok"] == []
	assert repeated_effects(before) == {}
