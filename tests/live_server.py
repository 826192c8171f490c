"""A real HTTP server for the test site, and committed test data that is purged afterwards.

``live_server`` starts gunicorn (two sync workers, so two requests really run at once) on a free
loopback port, serving the test site through ``agency_service.serve``. Data the server must see has to
be committed; ``LiveData`` records what a test module creates and deletes it all at the end.
"""

import os
import socket
import subprocess
import time

import frappe
import pytest
import requests

from tests.conftest import BENCH, SITE


def free_port() -> int:
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server():
	port = free_port()
	sites = os.path.join(BENCH, "sites")
	log = open(os.path.join(BENCH, "logs", "test-live-server.log"), "w")
	server = subprocess.Popen(
		[
			os.path.join(BENCH, "env/bin/gunicorn"),
			"-b",
			f"127.0.0.1:{port}",
			"-w",
			"2",
			"-t",
			"120",
			f"agency_service.serve:application_for('{SITE}')",
		],
		cwd=sites,
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	url = f"http://127.0.0.1:{port}"
	deadline = time.monotonic() + 60
	while time.monotonic() < deadline:
		try:
			if requests.get(f"{url}/api/method/ping", timeout=15).ok:
				break
		except requests.RequestException:
			time.sleep(0.3)
	else:
		server.terminate()
		pytest.fail("the test server did not start: see logs/test-live-server.log")
	yield url
	server.terminate()
	server.wait(timeout=30)
	log.close()


# records that point at a document: their fields for the document's type and for its name
REFERENCE = ("reference_doctype", "reference_name")
RECORDS_HANGING_OFF = {
	"Sign-off Signature": REFERENCE,
	"Sign-off Request": REFERENCE,
	"ToDo": ("reference_type", "reference_name"),
	"Comment": REFERENCE,
	"Version": ("ref_doctype", "docname"),
	"Notification Log": ("document_type", "document_name"),
}


class LiveData:
	"""Committed records of a live test, purged (with what hangs off them) at teardown."""

	def __init__(self):
		self.records: list[tuple[str, str]] = []

	def add(self, doc):
		self.records.append((doc.doctype, doc.name))
		return doc

	def commit(self):
		frappe.db.commit()

	def purge(self):
		frappe.db.rollback()
		names_by_doctype: dict[str, list[str]] = {}
		for doctype, name in self.records:
			names_by_doctype.setdefault(doctype, []).append(name)
		for doctype, names in names_by_doctype.items():
			for table, (type_field, name_field) in RECORDS_HANGING_OFF.items():
				if table == "Sign-off Request":
					requests_ = frappe.get_all(
						table, {"reference_doctype": doctype, "reference_name": ("in", names)}, pluck="name"
					)
					if requests_:
						frappe.db.delete("Sign-off Request Step", {"parent": ("in", requests_)})
				frappe.db.delete(table, {type_field: doctype, name_field: ("in", names)})
			meta = frappe.get_meta(doctype)
			for table_field in meta.get_table_fields():
				frappe.db.delete(table_field.options, {"parent": ("in", names), "parenttype": doctype})
			if doctype == "User":
				frappe.db.delete("Has Role", {"parent": ("in", names)})
			frappe.db.delete(doctype, {"name": ("in", names)})
		frappe.db.commit()


@pytest.fixture(scope="module")
def live_data():
	data = LiveData()
	yield data
	data.purge()


def api_session(url: str, user: str) -> requests.Session:
	"""A requests session authenticated as ``user`` with API keys (token auth needs no CSRF token)."""
	from frappe.core.doctype.user.user import generate_keys

	frappe.set_user("Administrator")
	secret = generate_keys(user)["api_secret"]
	key = frappe.db.get_value("User", user, "api_key")
	frappe.db.commit()
	session = requests.Session()
	session.headers["Authorization"] = f"token {key}:{secret}"
	session.headers["Accept"] = "application/json"
	session.base_url = url
	return session


def call_as(sessions: dict, user: str, method: str, path: str, **kw) -> requests.Response:
	"""``method path`` over HTTP as ``user``, whose session is in ``sessions`` (from ``api_session``)."""
	session = sessions[user]
	return session.request(method, session.base_url + path, timeout=60, **kw)


def assert_all_refused(sessions: dict, attempts, footprint):
	"""Each ``(user, method, path, kwargs)`` of ``attempts`` is refused (4xx) and leaves ``footprint()`` as
	it was; returns that footprint."""
	before = footprint()
	for user, method, path, kw in attempts:
		response = call_as(sessions, user, method, path, **kw)
		assert 400 <= response.status_code < 500, (method, path, response.status_code, response.text[:400])
		assert footprint() == before, (method, path)
	return before


def browser_session(url: str, user: str, password: str, page: str = "/app") -> requests.Session:
	"""Logged in with a password, like a person in a browser: the session cookie, and the CSRF token the
	page shows (``/app`` for staff, a portal page for a client), sent with every post as the desk does."""
	import re

	session = requests.Session()
	response = session.post(f"{url}/api/method/login", data={"usr": user, "pwd": password}, timeout=60)
	assert response.ok, response.text
	shown = session.get(f"{url}{page}", timeout=60)
	token = re.search(r'frappe.csrf_token = "([^"]+)"', shown.text)
	assert token, shown.text[:300]
	session.headers["X-Frappe-CSRF-Token"] = token.group(1)
	return session
