"""Credit and the receivables watch: who sets credit, ERPNext's credit check, one reminder per client."""

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, nowdate

from agency_service.api import receivables
from agency_service.receivables import ageing, setup, watch
from tests.factories import make_client, make_user
from tests.scorecard_factories import (  # noqa: F401 (fresh_fiscal_years: an autouse fixture)
	billing_contact,
	company,
	days_ago,
	directed_client,
	fresh_fiscal_years,
	make_invoice,
	pay,
	set_settings,
)
from tests.survey_factories import email_text


def test_ageing_buckets():
	assert ageing.ageing_bucket(0) == setup.NOT_DUE
	assert ageing.ageing_bucket(1) == "1–30 Days Overdue"
	assert ageing.ageing_bucket(30) == "1–30 Days Overdue"
	assert ageing.ageing_bucket(31) == "31–60 Days Overdue"
	assert ageing.ageing_bucket(90) == "61–90 Days Overdue"
	assert ageing.ageing_bucket(91) == setup.OVER_90


# --- credit ----------------------------------------------------------------------------------------


def test_credit_reviewer_sets_credit_and_an_account_executive_cannot():
	client = make_client()
	reviewer, executive = make_user("Credit Reviewer"), make_user("Account Executive")
	frappe.set_user(executive)
	with pytest.raises(frappe.PermissionError):
		receivables.set_client_credit(client.name, company(), 50000, "A")
	doc = frappe.get_doc("Customer", client.name)
	doc.append("credit_limits", {"company": company(), "credit_limit": 99999})
	doc.credit_rating = "A"
	doc.save()  # the account team may edit the client, but its credit stays as it was
	frappe.set_user(reviewer)
	out = receivables.set_client_credit(client.name, company(), 50000, "B")
	frappe.set_user("Administrator")
	assert out["credit_rating"] == "B"
	assert frappe.get_all(
		"Customer Credit Limit", filters={"parent": client.name}, fields=["company", "credit_limit"]
	) == [{"company": company(), "credit_limit": 50000}]


def test_bad_credit_input_is_refused_and_changes_nothing():
	client = make_client(credit_rating="B")
	with pytest.raises(setup.CreditError):
		receivables.set_client_credit(client.name, company(), -1, "A")
	with pytest.raises(setup.CreditError):
		receivables.set_client_credit(client.name, company(), 1000, "E")
	assert frappe.db.get_value("Customer", client.name, "credit_rating") == "B"
	assert not frappe.db.exists("Customer Credit Limit", {"parent": client.name})


def test_erpnext_credit_check_still_blocks_invoices_over_the_limit():
	client = make_client()
	receivables.set_client_credit(client.name, company(), 1500, "C")
	make_invoice(client.name, rate=1000)
	with pytest.raises(frappe.ValidationError, match=r"[Cc]redit limit"):
		make_invoice(client.name, rate=1000)


# --- the watch -------------------------------------------------------------------------------------


def queued_for(address: str) -> list:
	return frappe.get_all(
		"Email Queue",
		filters={
			"name": ("in", frappe.get_all("Email Queue Recipient", {"recipient": address}, pluck="parent"))
		},
		fields=["name", "message", "reference_name"],
	)


def notifications_for(user: str, customer: str) -> int:
	return frappe.db.count("Notification Log", {"for_user": user, "document_name": customer})


@pytest.fixture
def overdue_client():
	client = directed_client()
	contact = billing_contact(client.name)
	first = make_invoice(client.name, days_ago(80), rate=1000, due_date=days_ago(50))
	second = make_invoice(client.name, days_ago(40), rate=2500, due_date=days_ago(10))
	make_invoice(client.name, days_ago(5), rate=700, due_date=add_days(nowdate(), 25))  # not due yet
	return client, contact, first, second


def test_one_consolidated_reminder_per_client_never_twice_for_the_same_state(overdue_client, outgoing_email):
	client, contact, first, second = overdue_client
	set_settings(manager_escalation_days=15, director_escalation_days=45)
	result = watch.watch_receivables(customers=[client.name])
	assert result["clients"] == 1 and result[setup.CLIENT_LEVEL] == 1
	(email,) = queued_for(contact.email_id)
	assert first.name in email.message and second.name in email.message
	assert email.reference_name == client.name
	# oldest is 50 days overdue: the account manager (≥ 15) and the account director (≥ 45) are told
	assert notifications_for(client.account_manager, client.name) == 1
	assert notifications_for(client.account_director, client.name) == 1

	again = watch.watch_receivables(customers=[client.name])
	assert (
		again[setup.CLIENT_LEVEL],
		again[setup.MANAGER_LEVEL],
		again[setup.DIRECTOR_LEVEL],
	) == (0, 0, 0)
	assert len(queued_for(contact.email_id)) == 1
	assert notifications_for(client.account_manager, client.name) == 1

	pay(second, nowdate())  # a new state: only the first invoice is overdue now
	third = watch.watch_receivables(customers=[client.name])
	assert third[setup.CLIENT_LEVEL] == 1
	latest = frappe.get_last_doc(
		"Receivables Reminder", filters={"customer": client.name, "reminder_level": setup.CLIENT_LEVEL}
	)
	assert latest.invoices == first.name and latest.invoice_count == 1


def test_escalation_waits_for_the_day_thresholds(outgoing_email):
	client = directed_client()
	billing_contact(client.name)
	make_invoice(client.name, days_ago(40), rate=1000, due_date=days_ago(20))
	set_settings(manager_escalation_days=15, director_escalation_days=45)
	result = watch.watch_receivables(customers=[client.name])
	assert (result[setup.MANAGER_LEVEL], result[setup.DIRECTOR_LEVEL]) == (1, 0)
	assert notifications_for(client.account_director, client.name) == 0


def test_reminder_is_in_the_clients_language(outgoing_email):
	client = directed_client(language="zh-TW")
	contact = billing_contact(client.name)
	make_invoice(client.name, days_ago(40), rate=1000, due_date=days_ago(20))
	watch.watch_receivables(customers=[client.name])
	(email,) = queued_for(contact.email_id)
	text = email_text(email.message)
	assert "逾期" in text and "Overdue invoices" not in text


def test_billing_contact_is_the_finance_contact():
	from tests.factories import make_contact

	client = make_client()
	make_contact(client.name, email_ids=[{"email_id": "aaa-boss@client.example.com", "is_primary": 1}])
	finance = billing_contact(client.name)
	assert watch.billing_contact(client.name).name == finance.name


def test_watch_can_draft_an_erpnext_dunning(outgoing_email):
	client = directed_client()
	billing_contact(client.name)
	first = make_invoice(client.name, days_ago(80), rate=1000, due_date=days_ago(50))
	second = make_invoice(client.name, days_ago(40), rate=2500, due_date=days_ago(10))
	dunning_type = frappe.get_doc(
		{"doctype": "Dunning Type", "dunning_type": "Agency Test Reminder", "company": company()}
	).insert(ignore_permissions=True)
	set_settings(create_dunning=1, dunning_type=dunning_type.name)
	result = watch.watch_receivables(customers=[client.name])
	assert result["dunnings"] == 1
	reminder = frappe.get_last_doc(
		"Receivables Reminder", filters={"customer": client.name, "reminder_level": setup.CLIENT_LEVEL}
	)
	dunning = frappe.get_doc("Dunning", reminder.dunning)
	assert dunning.docstatus == 0
	assert {row.sales_invoice for row in dunning.overdue_payments} == {first.name, second.name}


def test_watch_does_nothing_when_disabled(outgoing_email):
	client = directed_client()
	billing_contact(client.name)
	make_invoice(client.name, days_ago(40), rate=1000, due_date=days_ago(20))
	set_settings(receivables_watch_enabled=0)
	assert watch.watch_receivables(customers=[client.name])[setup.CLIENT_LEVEL] == 0
	assert not frappe.db.exists("Receivables Reminder", {"customer": client.name})


# --- reports ---------------------------------------------------------------------------------------


def test_receivables_by_tier_ages_outstanding_amounts():
	client = make_client(client_tier="Key Client")
	make_invoice(client.name, days_ago(80), rate=1000, due_date=days_ago(50))
	make_invoice(client.name, days_ago(5), rate=700, due_date=add_days(nowdate(), 25))
	before = rows_by_tier()
	make_invoice(client.name, days_ago(130), rate=400, due_date=days_ago(100))
	after = rows_by_tier()
	key_before, key_after = before.get("Key Client", {}), after["Key Client"]
	assert key_after["bucket_4"] - key_before.get("bucket_4", 0) == 400
	assert key_after["overdue"] - key_before.get("overdue", 0) == 400
	assert key_after["bucket_2"] >= 1000 and key_after["bucket_0"] >= 700


def rows_by_tier() -> dict:
	result = run("Receivables by Tier", filters={"company": company()})
	assert result["chart"]["barOptions"]["stacked"]
	return {row["client_tier"]: row for row in result["result"]}
