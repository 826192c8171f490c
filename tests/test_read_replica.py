"""Heavy read-only reports and number cards answer from a MariaDB read replica when the site has one
(Frappe's ``read_from_replica``, ``replica_host``, ``replica_db_port``), and from the primary without.

The test starts a second MariaDB server (its own datadir and port), seeds it with the site's database
and gives the site's database user SELECT rights only there. The shared development server runs without
a binary log, so the copy is taken once rather than streamed: that is what lets the test tell the two
apart — a client renamed on the replica only shows under that name exactly when reads go to the replica.
(In production the replica follows the primary through MariaDB replication: README, *Scaling out*.)
"""

import os
import shutil
import subprocess
import tempfile
import time

import frappe
import pytest
from frappe.installer import update_site_config
from frappe.utils import random_string

from agency_service.scorecard.recompute import recompute_scorecards
from tests.factories import make_client
from tests.live_server import api_session, free_port

pytestmark = pytest.mark.hardening

ROOT_PASSWORD = os.environ.get("AGENCY_DB_ROOT_PASSWORD", "agency-root")


def mariadb_binary(name: str) -> str:
	for folder in ("/usr/sbin", "/usr/bin"):
		if os.path.exists(os.path.join(folder, name)):
			return os.path.join(folder, name)
	pytest.fail(f"{name} not found: the MariaDB server package is needed")


class Replica:
	"""A MariaDB server of its own on a free loopback port, stopped and deleted at the end."""

	def __init__(self):
		self.dir = tempfile.mkdtemp(prefix="agency-replica-")
		self.port = free_port()
		self.socket = os.path.join(self.dir, "mysqld.sock")
		self.process = None

	def start(self):
		datadir = os.path.join(self.dir, "data")
		user = ["--user=root"] if os.getuid() == 0 else []
		subprocess.run(
			[
				mariadb_binary("mariadb-install-db"),
				"--no-defaults",
				f"--datadir={datadir}",
				"--auth-root-authentication-method=normal",
				"--skip-test-db",
				*user,
			],
			check=True,
			capture_output=True,
			timeout=300,
		)
		self.process = subprocess.Popen(
			[
				mariadb_binary("mariadbd"),
				"--no-defaults",
				f"--datadir={datadir}",
				f"--port={self.port}",
				"--bind-address=127.0.0.1",
				f"--socket={self.socket}",
				f"--pid-file={self.dir}/mysqld.pid",
				"--server-id=2",
				"--character-set-server=utf8mb4",
				"--collation-server=utf8mb4_unicode_ci",
				"--innodb-buffer-pool-size=128M",
				"--skip-log-bin",
				*user,
			],
			stdout=subprocess.DEVNULL,
			stderr=open(os.path.join(self.dir, "error.log"), "w"),
		)
		deadline = time.monotonic() + 120
		while time.monotonic() < deadline:
			if self.sql("select 1").returncode == 0:
				return
			time.sleep(0.5)
		pytest.fail(f"the replica did not start: see {self.dir}/error.log")

	def sql(self, statement: str, database: str = "") -> subprocess.CompletedProcess:
		return subprocess.run(
			[
				"mariadb",
				f"--socket={self.socket}",
				"-uroot",
				*([database] if database else []),
				"-e",
				statement,
			],
			capture_output=True,
			text=True,
			timeout=300,
		)

	def seed_from_primary(self, db_name: str, db_password: str):
		"""Copy the site's database and give its user read-only rights here."""
		self.sql(f"create database `{db_name}` character set utf8mb4 collate utf8mb4_unicode_ci")
		dump = subprocess.Popen(
			[
				"mariadb-dump",
				"--single-transaction",
				"--quick",
				"--protocol=tcp",
				"-h",
				frappe.conf.db_host or "127.0.0.1",
				"-P",
				str(frappe.conf.db_port or 3306),
				"-uroot",
				f"-p{ROOT_PASSWORD}",
				db_name,
			],
			stdout=subprocess.PIPE,
		)
		load = subprocess.run(
			["mariadb", f"--socket={self.socket}", "-uroot", db_name], stdin=dump.stdout, capture_output=True
		)
		dump.stdout.close()
		assert dump.wait() == 0 and load.returncode == 0, load.stderr[-2000:]
		grant = self.sql(
			f"create user '{db_name}'@'%' identified by '{db_password}';"
			f" grant select on `{db_name}`.* to '{db_name}'@'%';"
		)
		assert grant.returncode == 0, grant.stderr

	def stop(self):
		if self.process:
			self.process.terminate()
			self.process.wait(timeout=120)
		shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def scored_client(live_data):
	client = live_data.add(make_client(customer_name=f"Primary Name {random_string(6)}"))
	recompute_scorecards(customers=[client.name], open_signoffs=False)
	for name in frappe.get_all("Client Scorecard", {"customer": client.name}, pluck="name"):
		live_data.add(frappe.get_doc("Client Scorecard", name))
	for name in frappe.get_all("Client Tier Change", {"customer": client.name}, pluck="name"):
		live_data.add(frappe.get_doc("Client Tier Change", name))
	live_data.commit()
	return client


@pytest.fixture(scope="module")
def replica(scored_client):
	server = Replica()
	try:
		server.start()
		server.seed_from_primary(frappe.conf.db_name, frappe.conf.db_password)
		yield server
	finally:
		use_replica(None)
		server.stop()


def use_replica(server: Replica | None):
	if server:
		update_site_config("replica_host", "127.0.0.1")
		update_site_config("replica_db_port", server.port)
		update_site_config("read_from_replica", 1)
	else:
		for key in ("read_from_replica", "replica_host", "replica_db_port"):
			update_site_config(key, "None")


def report_names(session, client: str) -> set[str]:
	response = session.post(
		f"{session.base_url}/api/method/frappe.desk.query_report.run",
		json={
			"report_name": "Client Scorecard",
			"filters": {"customer": client},
			"ignore_prepared_report": 1,
		},
		timeout=120,
	)
	assert response.status_code == 200, response.text[:2000]
	return {row.get("customer_name") for row in response.json()["message"]["result"] if isinstance(row, dict)}


def card_value(session, method: str):
	response = session.post(f"{session.base_url}/api/method/{method}", timeout=120)
	assert response.status_code == 200, response.text[:2000]
	return response.json()["message"]["value"]


CARDS = (
	"agency_service.api.surveys.csat_card",
	"agency_service.api.surveys.nps_card",
	"agency_service.api.complaints.deadlines_at_risk_card",
)


def test_reports_and_cards_read_from_the_replica_and_from_the_primary_without_one(
	live_server, scored_client, replica
):
	session = api_session(live_server, "Administrator")
	primary_name = scored_client.customer_name
	assert report_names(session, scored_client.name) == {primary_name}

	renamed = replica.sql(
		f"update `tabClient Scorecard` set customer_name = 'Replica Name' where customer = '{scored_client.name}'",
		frappe.conf.db_name,
	)
	assert renamed.returncode == 0, renamed.stderr
	use_replica(replica)
	assert report_names(session, scored_client.name) == {"Replica Name"}
	for card in CARDS:
		card_value(session, card)  # answered over a connection that may only read
	# the replica user may only read: a card that wrote would have failed above; prove the grant holds
	refused = subprocess.run(
		[
			"mariadb",
			"--protocol=tcp",
			"-h127.0.0.1",
			f"-P{replica.port}",
			f"-u{frappe.conf.db_name}",
			f"-p{frappe.conf.db_password}",
			frappe.conf.db_name,
			"-e",
			"update `tabClient Scorecard` set score = 0",
		],
		capture_output=True,
		text=True,
	)
	assert refused.returncode != 0 and "denied" in refused.stderr

	use_replica(None)
	assert report_names(session, scored_client.name) == {primary_name}
	for card in CARDS:
		card_value(session, card)
