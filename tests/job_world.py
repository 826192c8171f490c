"""A committed world with work for every scheduled job of the app, and the means to run the jobs in
other processes and to see what they wrote (``test_scheduled_jobs_once``, ``test_job_interruption``).

The jobs are read from ``hooks.scheduler_events``, so a new job is covered the day it is added. The world
has a complaint past its deadline, an overdue sign-off step, late minutes, a client due for a visit, a
birthday, an expired and a due survey, overdue invoices, clients to score, a brand file due for review
and a stand-in whose period has ended, an overdue contract obligation, a progress report due; ``tests/job_runner.py``
starts the jobs in processes of their own. Everything a module committed is deleted at its end.
"""

import datetime
import json
import os
import subprocess
import sys

import frappe
import pytest
from frappe.utils import add_days, add_to_date, get_datetime, getdate, now_datetime, nowdate, random_string

from tests.archive_factories import make_brand_file, make_ended_stand_in, make_open_items, make_team
from tests.conftest import BENCH, SITE
from tests.factories import make_client, make_contact, make_outgoing_account, make_user, staff
from tests.scorecard_factories import billing_contact, days_ago, make_invoice
from tests.survey_factories import make_invitation
from tests.visit_factories import make_managed_client, make_visit

RUNNER = os.path.join(os.path.dirname(__file__), "job_runner.py")

# What one effect is, per table a job writes to: two new rows with the same values here are one effect
# made twice.
EFFECT_KEYS = {
	"ToDo": ("allocated_to", "reference_type", "reference_name", "description"),
	"Notification Log": ("for_user", "document_type", "document_name", "subject"),
	"Event": ("subject", "starts_on"),
	"Client Visit": ("customer",),
	"Care Reminder": ("reminder_key",),
	"Survey Invitation": ("contact", "trigger", "reference_doctype", "reference_name"),
	"Receivables Reminder": ("customer", "reminder_level", "state_key"),
	"Client Complaint Escalation": ("parent", "level", "deadline"),
	"Client Tier Change": ("customer", "new_tier", "period"),
	"Client Scorecard": ("customer", "period"),
	"Sign-off Request": ("reference_doctype", "reference_name", "purpose"),
	"Comment": ("reference_doctype", "reference_name", "comment_type", "content"),
	"Client Keeper Period": ("customer", "user", "from_date"),
	"Credit Review": ("customer", "status"),
	"Work Order Progress Report": ("work_order", "report_date"),
}
# Jobs whose work is to update rows rather than add them: what they change.
UPDATED = (
	"Survey Invitation",
	"Client Visit",
	"Sign-off Request",
	"Client Complaint",
	"Customer",
	"Brand File",
	"Client Handover",
	"Client Health",
	"Contract Fulfilment Checklist",
)


# Jobs with nothing to do on some days by design: on those days they are left out.
RESTING = {"agency_service.reporting.reminders.remind_missing_reports_job": (5, 6)}  # working days only


def scheduled_jobs() -> list[str]:
	jobs = []
	for events in frappe.get_hooks("scheduler_events", app_name="agency_service").values():
		for methods in events.values() if isinstance(events, dict) else [events]:
			jobs += methods
	weekday = getdate(nowdate()).weekday()
	return sorted(job for job in set(jobs) if weekday not in RESTING.get(job, ()))


@pytest.fixture(scope="module")
def committed_world():
	"""Work for every job, committed (the jobs run in other processes); all of it deleted afterwards."""
	frappe.db.commit()  # nosemgrep: start from a clean transaction
	before = existing_names()
	frappe.set_user("Administrator")
	outgoing_account()
	now = now_datetime()

	# escalation: a critical complaint goes to Agency Management at once
	staff("Agency Management")
	complaint_client = make_managed_client("Key Client")
	frappe.get_doc(
		{
			"doctype": "Client Complaint",
			"customer": complaint_client.name,
			"subject": "投放排期出错",
			"content": "<p>The TV spot ran a day late.</p>",
			"category": "Contract Performance",
			"priority": "Critical",
			"channel": "Phone",
			"received_at": add_to_date(now, hours=-2),
		}
	).insert()

	# overdue sign-off step: a work order waiting for dispatch, its step deadline long gone
	staff("Client Service Head")
	from tests.factories import make_work_order

	director = make_user("Account Director", "Sales User")
	order_client = make_managed_client("Key Client", account_director=director)
	order = make_work_order(order_client.name)
	order.submit_for_dispatch()
	request = frappe.db.get_value("Client Work Order", order.name, "signoff_request")
	started = add_to_date(now, hours=-100)
	frappe.db.set_value(
		"Sign-off Request",
		request,
		{"step_started_at": started, "step_deadline": add_to_date(started, hours=24)},
	)

	# late minutes: a visit that ended three days ago without minutes
	visit_client = make_managed_client("Key Client")
	start = get_datetime(now) - datetime.timedelta(days=3)
	make_visit(visit_client, start=start, visit_end=start + datetime.timedelta(hours=1))

	# visit planner: a client never visited; care: a contact whose birthday is in three days
	care_client = make_managed_client("Key Client")
	birthday = get_datetime(add_days(nowdate(), 3))
	make_contact(care_client.name, birthday_month=birthday.month, birthday_day=birthday.day)

	# surveys: a contact due (never invited) and an invitation whose link has expired
	survey_client = make_managed_client("Key Client")
	due_contact = make_contact(
		survey_client.name,
		email_ids=[{"email_id": f"{random_string(10).lower()}@client.example.com", "is_primary": 1}],
	)
	invitation, _token = make_invitation(survey_client.name, due_contact.name)
	frappe.db.set_value("Survey Invitation", invitation.name, "expires_on", add_days(nowdate(), -1))

	# receivables watch: a client with a billing contact and an invoice 50 days overdue
	debtor = make_managed_client("Key Client")
	billing_contact(debtor.name)
	make_invoice(debtor.name, days_ago(80), rate=1000, due_date=days_ago(50))

	# scorecard recompute: a client without a tier gets its first one
	make_managed_client(tier=None)

	# client archive: a brand file long past its review date, and a stand-in whose period has ended
	team = make_team()
	archive_client = make_client(account_manager=team.manager, account_director=team.director)
	brand_file, _people = make_brand_file(archive_client.name, team.manager)
	frappe.db.set_value("Brand File", brand_file.name, "last_reviewed_on", add_days(nowdate(), -800))
	stand_in = make_user("Account Manager", "Sales User")
	make_open_items(archive_client.name, team.manager)
	make_ended_stand_in(archive_client, team, stand_in)

	# contract watch: a signed contract with an obligation three days overdue
	contract = frappe.get_doc(
		{
			"doctype": "Contract",
			"party_type": "Customer",
			"party_name": archive_client.name,
			"start_date": days_ago(90),
			"contract_terms": "年度媒介代理合同",
			"fulfilment_terms": [{"requirement": "提交季度投放报告", "due_date": days_ago(3)}],
		}
	).insert()
	frappe.db.set_value("Contract", contract.name, {"docstatus": 1, "is_signed": 1})
	frappe.db.set_value("Contract Fulfilment Checklist", {"parent": contract.name}, "docstatus", 1)

	# improvement actions: one past its due date
	late = frappe.get_doc(
		{
			"doctype": "Improvement Action",
			"title": "排期表每日同步给媒介部",
			"responsible": staff("Account Manager"),
			"due_date": frappe.utils.add_days(frappe.utils.nowdate(), 30),
			"action_plan": "<p>建立排期共享表。</p>",
		}
	).insert()
	frappe.db.set_value("Improvement Action", late.name, "due_date", days_ago(3))

	# progress reports: a work order in delivery whose weekly report is due, its client's contact emailed
	from agency_service.delivery.plan import create_project
	from agency_service.guard import controlled_change

	reported_client = make_managed_client("Key Client")
	make_contact(
		reported_client.name,
		email_ids=[{"email_id": f"{random_string(10).lower()}@client.example.com", "is_primary": 1}],
	)
	reported = make_work_order(reported_client.name)
	with controlled_change():
		reported.db_set(
			{
				"status": "In Progress",
				"project": create_project(reported),
				"report_frequency": "Weekly",
				"next_report_on": days_ago(1),
			}
		)
	frappe.db.commit()  # nosemgrep: the jobs read it from other processes
	yield
	frappe.db.rollback()
	purge_new_rows(before)


def outgoing_account():
	make_outgoing_account(f"Jobs Once Outgoing {random_string(5)}", "jobs-once@agency-test.example.com")


# What the world and the jobs write: rows of these tables that were not there before are removed.
HOST_TABLES = (
	"ToDo",
	"Notification Log",
	"Email Queue",
	"Email Queue Recipient",
	"Event",
	"Event Participants",
	"Comment",
	"Communication",
	"Communication Link",
	"Version",
	"Error Log",
	"Activity Log",
	"File",
	"Customer",
	"Contact",
	"Contact Email",
	"Contact Phone",
	"Dynamic Link",
	"Portal User",
	"Customer Credit Limit",
	"User",
	"Has Role",
	"Email Account",
	"Sales Invoice",
	"Sales Invoice Item",
	"Sales Taxes and Charges",
	"Payment Schedule",
	"GL Entry",
	"Payment Ledger Entry",
	"Project",
	"Contract",
	"Contract Fulfilment Checklist",
)


def purged_tables() -> list[str]:
	app_tables = frappe.get_all(
		"DocType", {"module": "Agency Service", "issingle": 0, "is_virtual": 0}, pluck="name"
	)
	return [t for t in (*app_tables, *HOST_TABLES) if frappe.db.table_exists(t)]


def existing_names() -> dict[str, set[str]]:
	return {
		table: set(frappe.get_all(table, pluck="name", ignore_permissions=True)) for table in purged_tables()
	}


def purge_new_rows(before: dict[str, set[str]]):
	"""Delete the rows the module added (by name: creation times follow the site's time zone, which
	ERPNext's test setup changes, so they cannot tell old rows from new)."""
	for table, names in existing_names().items():
		added = list(names - before.get(table, set()))
		for start in range(0, len(added), 500):
			frappe.db.delete(table, {"name": ("in", added[start : start + 500])})
	frappe.db.commit()  # nosemgrep: remove what this module committed
	frappe.clear_cache()


def run_jobs(copies: int, jobs: list[str], kill_after_writes: int = 0) -> list[dict]:
	kill = ["--kill-after-writes", str(kill_after_writes)] if kill_after_writes else []
	result = subprocess.run(
		[sys.executable, RUNNER, SITE, str(copies), *kill, *jobs],
		cwd=os.path.join(BENCH, "sites"),
		capture_output=True,
		text=True,
		timeout=1800,
	)
	assert result.returncode == 0, result.stderr[-4000:]
	return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def effect_names() -> dict:
	"""What the jobs have written so far: the names in each effect table, and a fingerprint of every row
	of the tables jobs update (set-based updates leave ``modified`` alone, so it cannot tell)."""
	frappe.db.rollback()  # see what the job processes committed
	names = {
		doctype: set(frappe.get_all(doctype, pluck="name", ignore_permissions=True))
		for doctype in EFFECT_KEYS
	}
	rows = {
		doctype: {
			row["name"]: hash(tuple(sorted(row.items(), key=lambda item: item[0])))
			for row in frappe.db.sql(f"select * from `tab{doctype}`", as_dict=True)
		}
		for doctype in UPDATED
	}
	return {"names": names, "rows": rows}


def repeated_effects(before: dict) -> dict[str, list]:
	"""Effects made twice among the rows added since ``before``."""
	repeated = {}
	for doctype, names in effect_names()["names"].items():
		added = list(names - before["names"][doctype])
		if not added:
			continue
		key = EFFECT_KEYS[doctype]
		rows = frappe.get_all(doctype, {"name": ("in", added)}, list(key), ignore_permissions=True)
		seen: dict[tuple, int] = {}
		for row in rows:
			values = tuple(row[field] for field in key)
			seen[values] = seen.get(values, 0) + 1
		if twice := [values for values, count in seen.items() if count > 1]:
			repeated[doctype] = twice
	return repeated


def work_done(before: dict) -> int:
	"""Rows added or changed since ``before``."""
	now = effect_names()
	added = sum(len(names - before["names"][doctype]) for doctype, names in now["names"].items())
	changed = sum(
		1
		for doctype, rows in now["rows"].items()
		for name, fingerprint in rows.items()
		if before["rows"][doctype].get(name) != fingerprint
	)
	return added + changed
