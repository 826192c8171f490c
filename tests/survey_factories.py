"""Factories for survey tests: clients with contacts and account teams, responses, invitations, invoices."""

import email

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate, random_string

from agency_service.demo import company as demo_company
from agency_service.surveys import invitations, scores
from tests.factories import make_client, make_contact, make_outbox, make_user

DEFAULT_ANSWERS = {
	"Service Quality": "5",
	"Service Attitude": "4",
	"Service Efficiency": "4",
	"Service Effect": "3",
	"Overall Satisfaction": "5",
}


def make_served_client(tier: str = "Key Client", contacts: int = 1, **kw):
	"""A client with an account manager and director (desk users) and contacts with email addresses."""
	manager = kw.pop("account_manager", None) or make_user("Account Manager")
	director = kw.pop("account_director", None) or make_user("Account Director")
	client = make_client(client_tier=tier, account_manager=manager, account_director=director, **kw)
	people = [
		make_contact(
			client.name,
			email_ids=[{"email_id": f"{random_string(10).lower()}@client.example.com", "is_primary": 1}],
		)
		for _ in range(contacts)
	]
	return client, people


def template_answers(ratings: dict | None = None, nps: str | None = "9", choice: str = "", text: str = ""):
	"""Answer rows for the shipped default template, question by question."""
	ratings = {**DEFAULT_ANSWERS, **(ratings or {})}
	template = frappe.get_doc("Survey Template", scores.DEFAULT_TEMPLATE)
	rows = []
	for q in template.questions:
		if q.question_type == scores.RATING:
			answer = ratings[q.dimension]
		elif q.question_type == scores.NPS:
			answer = nps
		elif q.question_type == scores.SINGLE_CHOICE:
			answer = choice
		else:
			answer = text
		rows.append({"question": q.question, "answer": answer})
	return rows


def make_response(customer: str, contact: str | None = None, channel: str = "Phone", **kw):
	answers = kw.pop("answers", None) or template_answers()
	return frappe.get_doc(
		{
			"doctype": "Survey Response",
			"customer": customer,
			"contact": contact,
			"survey_template": scores.DEFAULT_TEMPLATE,
			"channel": channel,
			"answers": answers,
			**kw,
		}
	).insert()


def page_answers(ratings: dict | None = None, nps: str = "9", choice: str = "", text: str = "") -> dict:
	"""The public page's form: question number → answer."""
	rows = template_answers(ratings, nps, choice, text)
	return {str(i + 1): row["answer"] for i, row in enumerate(rows)}


def make_invitation(customer: str, contact: str, **kw):
	"""An invitation sent by hand; returns the invitation and its survey link token."""
	invitation = frappe.get_doc(
		{
			"doctype": "Survey Invitation",
			"customer": customer,
			"contact": contact,
			"trigger": "Survey Cadence",
			**kw,
		}
	).insert()
	link = invitations.send_invitation(invitation)
	return frappe.get_doc("Survey Invitation", invitation.name), link.split("token=")[1]


def backdate_invitation(name: str, days: int):
	frappe.db.set_value(
		"Survey Invitation", name, "creation", add_days(nowdate(), -days), update_modified=False
	)


def ensure_fiscal_year(year: int):
	# ERPNext keeps each company's fiscal years in Redis; another process of the suite may have cached
	# them before this year existed
	frappe.cache.delete_value("fiscal_years")
	demo_company.ensure_fiscal_year(year, frappe.defaults.get_global_default("company"))


def service_item() -> str:
	code = "TEST-AGENCY-SERVICE"
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": code,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name"),
				"stock_uom": "Nos",
				"is_stock_item": 0,
			}
		).insert(ignore_permissions=True)
	return code


def make_invoice(customer: str, posting_date, is_return: bool = False, submit: bool = True):
	posting_date = getdate(posting_date)
	ensure_fiscal_year(posting_date.year)
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": customer,
			"company": frappe.defaults.get_global_default("company"),
			"set_posting_time": 1,
			"posting_date": posting_date,
			"due_date": posting_date,
			"items": [{"item_code": service_item(), "qty": 1, "rate": 1000}],
		}
	).insert(ignore_permissions=True)
	if submit:
		invoice.submit()
	return invoice


@pytest.fixture
def outbox():
	"""Emails are queued as usual but never handed to an SMTP server (the test bench has none)."""
	muted = frappe.flags.mute_emails
	frappe.flags.mute_emails = True
	yield make_outbox()
	frappe.flags.mute_emails = muted


def email_text(message: str) -> str:
	"""The decoded text of every text part of a queued email."""
	parts = email.message_from_string(message).walk()
	return "\n".join(
		part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
		for part in parts
		if part.get_content_maintype() == "text"
	)
