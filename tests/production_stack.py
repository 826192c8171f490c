"""The test site served like Frappe production: ``scripts/serve.sh`` starts nginx on a free loopback
port in front of gunicorn and the socketio server, with a supervised RQ worker (no scheduler)."""

import os
import subprocess

import pytest
from frappe.utils.doctor import purge_pending_jobs

from tests.conftest import SITE
from tests.live_server import free_port

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVE = os.path.join(REPO, "scripts", "serve.sh")
STACK = "pytest"


def serve(*args: str, **env) -> subprocess.CompletedProcess:
	return subprocess.run(
		["bash", SERVE, *args],
		env={**os.environ, **env},
		capture_output=True,
		text=True,
		timeout=180,
	)


def stack_processes() -> dict[str, int]:
	"""The stack's supervised processes: {"worker-1": loop pid, "worker-1.child": worker pid, …}."""
	result = serve("status", STACK)
	return {name: int(pid) for name, pid in (line.split() for line in result.stdout.split("\n") if line)}


@pytest.fixture(scope="module")
def production_server():
	"""Per module that needs it: its RQ worker must not run other modules' queued jobs beside them."""
	# Jobs the suite's code enqueued with no worker running (notifications about users and documents
	# long rolled back): a worker started now would run those thousands first, before the test's own.
	purge_pending_jobs(site=SITE)
	port = free_port()
	started = serve("start", SITE, str(port), STACK, AGENCY_SCHEDULER="0", AGENCY_RQ_WORKERS="1")
	if started.returncode:
		serve("stop", STACK)
		pytest.fail(f"serve.sh start failed:\n{started.stdout}\n{started.stderr}")
	yield f"http://127.0.0.1:{port}"
	serve("stop", STACK)
	purge_pending_jobs(site=SITE)
