"""Progress reports to the client (DESIGN §12): on the account manager's schedule, the client's contacts
get what was done, what is next and what awaits them, with the portal link, in their language; one report
per work order and period; each report sent is a record nobody edits."""

import frappe
import pytest
from frappe.utils import add_days, add_months, getdate, nowdate, random_string

from agency_service.delivery import progress_reports
from agency_service.delivery.plan import create_project
from agency_service.guard import controlled_change
from tests.factories import make_client, make_contact, make_user, make_work_order, staff
from tests.survey_factories import email_text, outbox

__all__ = ["outbox"]

REPORT = "Work Order Progress Report"


def in_delivery(customer: str, **kw):
	"""A dispatched work order (In Progress) with its delivery plan from the Media Plan template."""
	order = make_work_order(customer, **kw)
	project = create_project(order)
	with controlled_change():
		order.db_set({"status": "In Progress", "project": project})
	return frappe.get_doc("Client Work Order", order.name)


def client_with_contacts(*languages: str, **kw):
	"""A client whose contacts (one per language; a portal user each) have email addresses."""
	client = make_client(account_manager=staff("Account Manager"), **kw)
	contacts = []
	for language in languages:
		user = make_user("Customer", language=language)
		contacts.append(make_contact(client.name, user=user, email_ids=[{"email_id": user, "is_primary": 1}]))
	return client, contacts


def tasks(order) -> list:
	return frappe.get_all(
		"Task",
		{"project": order.project},
		["name", "subject", "is_milestone"],
		order_by="exp_end_date, creation",
	)


def complete(task: str, on=None):
	frappe.db.set_value("Task", task, {"status": "Completed", "completed_on": on or nowdate()})


def schedule(order, frequency="Weekly", on=None):
	order.report_frequency, order.next_report_on = frequency, on or nowdate()
	order.save()
	return order


def queued(name: str) -> list:
	return frappe.get_all(
		"Email Queue", {"reference_doctype": REPORT, "reference_name": name}, ["name", "message"]
	)


def test_the_next_report_date_follows_the_schedule():
	today = getdate("2026-12-03")
	assert progress_reports.following_date("Weekly", "2026-12-03", today) == "2026-12-10"
	assert progress_reports.following_date("Fortnightly", "2026-11-20", today) == "2026-12-04"
	assert progress_reports.following_date("Monthly", "2026-10-31", today) == "2026-12-30"
	assert progress_reports.following_date("Monthly", "2026-12-31", today) == "2026-12-31"


@pytest.mark.usefixtures("outbox")
def test_a_due_work_order_reports_what_was_done_what_is_next_and_what_awaits_the_client():
	client, (contact,) = client_with_contacts("en")
	order = schedule(in_delivery(client.name, title="Autumn media plan"))
	first, second, *rest = tasks(order)
	assert first.is_milestone
	complete(first.name)  # the first milestone: reached, it awaits the client's confirmation

	[name] = progress_reports.send_due_reports(send_inline=True)
	report = frappe.get_doc(REPORT, name)
	assert (report.work_order, report.customer, report.trigger, str(report.report_date)) == (
		order.name,
		client.name,
		"On Schedule",
		nowdate(),
	)
	assert first.subject in report.work_done
	assert second.subject in report.work_next and first.subject not in report.work_next
	assert "Milestone: " + first.subject in report.awaiting_client
	[email] = queued(name)
	text = email_text(email.message)
	assert f"/work/{order.name}" in text and first.subject in text and second.subject in text
	assert contact.email_id in frappe.db.get_value(
		"Email Queue Recipient", {"parent": email.name}, "recipient"
	)
	stored = frappe.db.get_value("Client Work Order", order.name, ["next_report_on", "last_report_on"])
	assert [str(d) for d in stored] == [add_days(nowdate(), 7), nowdate()]

	# the same day again: nothing is due, nothing sent
	assert progress_reports.send_due_reports(send_inline=True) == []
	assert frappe.db.count(REPORT, {"work_order": order.name}) == 1

	# a week on: only what was done since the last report
	later = add_days(nowdate(), 7)
	frappe.db.set_value("Task", second.name, {"status": "Completed", "completed_on": later})
	[name] = progress_reports.send_due_reports(later, send_inline=True)
	report = frappe.get_doc(REPORT, name)
	assert second.subject in report.work_done and first.subject not in report.work_done
	assert str(report.period_from) == nowdate()
	assert str(frappe.db.get_value("Client Work Order", order.name, "next_report_on")) == add_days(later, 7)


@pytest.mark.usefixtures("outbox")
def test_each_contact_reads_the_report_in_their_language():
	client, (english, chinese) = client_with_contacts("en", "zh")
	order = schedule(in_delivery(client.name, title="春季新品上市"), "Monthly")
	[name] = progress_reports.send_due_reports(send_inline=True)
	emails = queued(name)
	assert len(emails) == 2
	by_recipient = {
		frappe.db.get_value("Email Queue Recipient", {"parent": e.name}, "recipient"): email_text(e.message)
		for e in emails
	}
	assert "What Is Next" in by_recipient[english.email_id]
	assert "接下来" in by_recipient[chinese.email_id] and "What Is Next" not in by_recipient[chinese.email_id]
	assert str(frappe.db.get_value("Client Work Order", order.name, "next_report_on")) == add_months(
		nowdate(), 1
	)


@pytest.mark.usefixtures("outbox")
def test_only_work_in_delivery_with_someone_to_tell_is_reported():
	client, _contacts = client_with_contacts("en")
	draft = schedule(make_work_order(client.name))
	silent = make_client()
	no_contact = schedule(in_delivery(silent.name))
	assert progress_reports.send_due_reports(send_inline=True) == []
	assert not frappe.db.exists(REPORT, {"work_order": ("in", [draft.name, no_contact.name])})
	# the one without a contact stays due, so it goes once someone can receive it
	assert str(frappe.db.get_value("Client Work Order", no_contact.name, "next_report_on")) == nowdate()


def test_the_schedule_needs_a_date_that_is_not_past():
	client = make_client()
	order = in_delivery(client.name)
	order.report_frequency = "Weekly"
	with pytest.raises(frappe.ValidationError, match="next progress report"):
		order.save()
	order = frappe.get_doc("Client Work Order", order.name)
	order.report_frequency, order.next_report_on = "Weekly", add_days(nowdate(), -1)
	with pytest.raises(frappe.ValidationError, match="cannot be in the past"):
		order.save()


def test_sending_now_without_an_outgoing_account_or_a_contact_is_refused_clearly_in_chinese():
	client = make_client()
	order = in_delivery(client.name)
	frappe.local.lang = "zh"
	with pytest.raises(progress_reports.ProgressReportError) as refused:
		order.send_progress_report()
	assert "发件邮箱" in str(refused.value)


@pytest.mark.usefixtures("outbox")
def test_sending_now_needs_a_contact_with_an_email_and_goes_once_a_day():
	client = make_client()
	make_contact(client.name)  # no email address
	order = in_delivery(client.name)
	frappe.local.lang = "zh"
	with pytest.raises(progress_reports.ProgressReportError) as refused:
		order.send_progress_report()
	assert "邮箱" in str(refused.value) and client.name in str(refused.value)
	frappe.local.lang = "en"
	make_contact(client.name, email_ids=[{"email_id": f"{random_string(8)}@c.example.com", "is_primary": 1}])
	name = frappe.get_doc("Client Work Order", order.name).send_progress_report()
	assert frappe.db.get_value(REPORT, name, "trigger") == "By Hand"
	with pytest.raises(progress_reports.ProgressReportError, match="sent today already"):
		frappe.get_doc("Client Work Order", order.name).send_progress_report()


@pytest.mark.usefixtures("outbox")
def test_a_sent_report_is_a_record_nobody_changes_or_makes():
	client, _contacts = client_with_contacts("en")
	order = in_delivery(client.name)
	name = order.send_progress_report()
	report = frappe.get_doc(REPORT, name)
	report.work_done = "<p>Everything</p>"
	with pytest.raises(frappe.PermissionError):
		report.save(ignore_permissions=True)
	with pytest.raises(frappe.PermissionError):
		frappe.delete_doc(REPORT, name, ignore_permissions=True)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc({"doctype": REPORT, "work_order": order.name}).insert(ignore_permissions=True)
