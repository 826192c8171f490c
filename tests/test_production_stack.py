"""The production topology of scripts/setup.sh, on the test site: nginx in front of gunicorn and the
socketio server, supervised workers, realtime in a real browser.

Served by ``scripts/serve.sh`` (fixture ``production_server``); the browser is Debian's Chromium.
"""

import os
import signal
import time

import frappe
import pytest
import requests
from frappe.utils import random_string

from tests.browser import console_errors, log_in, wait_for, wait_for_desk
from tests.conftest import BENCH, SITE
from tests.factories import make_client, make_user
from tests.production_stack import stack_processes

pytestmark = pytest.mark.hardening

PASSWORD = f"Stack-{random_string(10)}#7"


@pytest.fixture(scope="module")
def people(production_server, live_data):
	frappe.set_user("Administrator")
	data = frappe._dict(manager=make_user("Account Manager", "Sales User", password=PASSWORD))
	live_data.add(frappe.get_doc("User", data.manager))
	# the recompute publishes its progress once per batch of clients: it needs at least one
	data.client = live_data.add(make_client(customer_name=f"Stack Client {random_string(6)}")).name
	live_data.commit()
	return data


def test_assets_and_files_are_served_by_nginx(production_server):
	asset = requests.get(f"{production_server}/assets/frappe/images/frappe-framework-logo.svg", timeout=30)
	assert asset.status_code == 200
	assert asset.headers["Cache-Control"] == "max-age=31536000"  # set by nginx's /assets location

	# A file on disk that no File record knows: Frappe would answer 404, nginx serves it from the disk.
	name = f"nginx-{random_string(8)}.txt"
	path = os.path.join(BENCH, "sites", SITE, "public", "files", name)
	with open(path, "w") as f:
		f.write("served by nginx")
	try:
		response = requests.get(f"{production_server}/files/{name}", timeout=30)
		assert response.status_code == 200
		assert response.text == "served by nginx"
	finally:
		os.remove(path)
	assert requests.get(f"{production_server}/files/{name}", timeout=30).status_code == 404


def test_the_desk_and_the_api_go_to_gunicorn(production_server):
	assert requests.get(f"{production_server}/api/method/ping", timeout=30).json() == {"message": "pong"}
	login_page = requests.get(f"{production_server}/login", timeout=30)
	assert login_page.status_code == 200
	assert "frappe" in login_page.text


def test_a_client_cannot_choose_the_address_frappe_sees(production_server, people):
	response = requests.post(
		f"{production_server}/api/method/login",
		json={"usr": people.manager, "pwd": PASSWORD},
		headers={"X-Forwarded-For": "203.0.113.7", "X-Real-IP": "203.0.113.8"},
		timeout=30,
	)
	assert response.status_code == 200
	frappe.db.rollback()
	logins = frappe.get_all(
		"Activity Log",
		filters={"user": people.manager, "operation": "Login", "status": "Success"},
		pluck="ip_address",
	)
	frappe.db.delete("Activity Log", {"user": people.manager})
	frappe.db.commit()
	assert logins == ["127.0.0.1"]


def test_socket_io_is_proxied_with_the_websocket_upgrade(production_server):
	handshake = requests.get(
		f"{production_server}/socket.io/?EIO=4&transport=polling",
		headers={"X-Frappe-Site-Name": SITE},
		timeout=30,
	)
	assert handshake.status_code == 200
	assert '"upgrades":["websocket"]' in handshake.text


def children_of(pid: int) -> set[int]:
	found = set()
	for entry in os.listdir("/proc"):
		if entry.isdigit():
			try:
				with open(f"/proc/{entry}/stat") as f:
					if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
						found.add(int(entry))
			except (OSError, IndexError, ValueError):
				pass
	return found


def alive(pid: int) -> bool:
	try:
		os.kill(pid, 0)
	except ProcessLookupError:
		return False
	return True


@pytest.mark.parametrize("process", ["worker-1", "web", "socketio"])
def test_a_process_that_dies_is_started_again(production_server, process):
	before = stack_processes()
	orphans = children_of(before[f"{process}.child"])  # e.g. gunicorn's workers, which outlive their master
	os.kill(before[f"{process}.child"], signal.SIGKILL)
	deadline = time.monotonic() + 30
	while time.monotonic() < deadline:
		now = stack_processes()
		if now.get(f"{process}.child") not in (None, before[f"{process}.child"]):
			break
		time.sleep(0.3)
	else:
		pytest.fail(f"{process} was not restarted within 30 s")
	assert now[process] == before[process]  # the same supervisor loop
	deadline = time.monotonic() + 60
	while any(alive(pid) for pid in orphans) and time.monotonic() < deadline:
		time.sleep(0.3)
	# and the stack serves again, from the new process
	deadline = time.monotonic() + 60
	while time.monotonic() < deadline:
		try:
			if requests.get(f"{production_server}/api/method/ping", timeout=10).ok:
				break
		except requests.RequestException:
			pass
		time.sleep(0.5)
	else:
		pytest.fail("the stack did not answer after the restart")


def test_realtime_progress_of_the_recompute_reaches_the_browser(production_server, people, browser):
	log_in(browser, production_server, "Administrator", os.environ.get("AGENCY_ADMIN_PASSWORD", "admin"))
	browser.get(f"{production_server}/app/client-scorecard")
	wait_for_desk(browser)
	wait_for(browser, "return frappe.realtime.socket && frappe.realtime.socket.connected", 30)
	browser.execute_script(
		"""
		window.agency_progress = [];
		frappe.realtime.on("progress", (data) => window.agency_progress.push(data));
		"""
	)
	label = browser.execute_script('return __("Recompute All Scorecards")')
	button = wait_for(
		browser,
		"return [...document.querySelectorAll('.page-actions button, .inner-group-button button, .btn')]"
		".find((b) => b.offsetParent && b.textContent.trim() === arguments[0])",
		30,
		label,
	)
	button.click()
	events = wait_for(
		browser,
		"return window.agency_progress.length && window.agency_progress[window.agency_progress.length - 1]",
		120,
	)
	title = browser.execute_script('return __("Recomputing client scorecards")')
	assert events["title"] == title
	assert 0 < events["percent"] <= 100
	errors = [e for e in console_errors(browser) if "socket" in e.lower() or "websocket" in e.lower()]
	assert errors == []
