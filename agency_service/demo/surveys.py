"""Demo data for satisfaction surveys: fifteen months of answered surveys and a few open invitations.

Each demo client is surveyed on its tier's cadence (strategic clients quarterly, regular ones yearly);
most answers came through the online link, the rest were taken by phone or face to face. Better-served
tiers answer a little better. Low answers opened follow-ups; those older than a month are closed.
Idempotent: it does nothing once the demo clients have survey responses.
"""

import frappe
from frappe.utils import add_days, add_to_date, get_datetime, getdate, now_datetime, nowdate

from agency_service.demo.base import demo_customers
from agency_service.surveys import invitations, scores, templates

DEMO_OUTBOX = "Demo Outbox"
HISTORY_DAYS = 450
# tier: (lowest, highest) rating a client of that tier tends to give
TIER_MOOD = {
	"Strategic Client": (3, 5),
	"Key Client": (3, 5),
	"Potential Client": (2, 5),
	"Regular Client": (1, 5),
}
COMMENTS = (
	"创意很好，执行节奏希望再快一些。",
	"客户经理响应及时，非常专业。",
	"投放效果达到预期，报告可以更详细。",
	"希望多提供一些行业洞察。",
	"",
)


def make_survey_demo(rng):
	make_demo_outbox()
	customers = demo_customers()
	set_client_languages(customers)
	if not customers or frappe.db.exists(
		"Survey Response", {"customer": ("in", [c.name for c in customers])}
	):
		return
	template = frappe.get_doc("Survey Template", scores.DEFAULT_TEMPLATE)
	today = getdate(nowdate())
	for customer in customers:
		contacts = invitations.client_contacts(customer.name)
		if not contacts:
			continue
		cadence = frappe.db.get_value("Client Tier", customer.client_tier, "survey_cadence_days") or 365
		day = HISTORY_DAYS - rng.randint(0, cadence)
		while day > 20:
			contact = rng.choice(contacts)
			make_answered_survey(rng, customer, contact.name, template, add_days(today, -day))
			day -= cadence + rng.randint(-10, 10)
	close_old_follow_ups()
	send_open_invitations(rng, customers)


def set_client_languages(customers):
	"""The demo clients read Chinese: their surveys and print-outs follow the Customer's language.
	Two of them, with offices in Hong Kong and Taipei, read Traditional Chinese."""
	for index, customer in enumerate(sorted(c.name for c in customers)):
		if frappe.db.get_value("Customer", customer, "language") in (None, "", "en"):
			frappe.db.set_value("Customer", customer, "language", "zh-TW" if index in (3, 17) else "zh")


def make_answered_survey(rng, customer, contact: str, template, answered_on):
	online = rng.random() < 0.7
	answered_at = add_to_date(get_datetime(answered_on), hours=rng.randint(9, 18))
	invitation = None
	if online:
		invitation = frappe.get_doc(
			{
				"doctype": "Survey Invitation",
				"customer": customer.name,
				"contact": contact,
				"trigger": rng.choice((scores.INVITED_BY_CADENCE,) * 4 + (scores.INVITED_AFTER_PROJECT,)),
			}
		).insert(ignore_permissions=True)
		sent_on = add_days(answered_at, -rng.randint(1, 6))
		invitation.db_set(
			{"status": "Sent", "sent_on": sent_on, "expires_on": add_days(sent_on, template.link_valid_days)}
		)
		frappe.db.set_value(
			"Survey Invitation",
			invitation.name,
			{"creation": sent_on, "modified": sent_on},
			update_modified=False,
		)
	low, high = TIER_MOOD.get(customer.client_tier, (2, 5))
	ratings = [rng.randint(low, high) for _ in template.questions]
	mean_rating = sum(ratings) / len(ratings)
	answers = []
	for question, rating in zip(template.questions, ratings, strict=True):
		if question.question_type == scores.RATING:
			answer = str(rating)
		elif question.question_type == scores.NPS:
			# clients who rate the service well recommend it: about twice their mean rating
			answer = str(min(10, max(0, round(mean_rating * 2) + rng.randint(-1, 2))))
		elif question.question_type == scores.SINGLE_CHOICE:
			answer = rng.choice(templates.choice_list(question.choices))
		else:
			answer = rng.choice(COMMENTS)
		answers.append({"question": question.question, "answer": answer})
	response = frappe.get_doc(
		{
			"doctype": "Survey Response",
			"customer": customer.name,
			"contact": contact,
			"survey_template": template.name,
			"survey_invitation": invitation.name if invitation else None,
			"channel": "Online" if online else rng.choice(("Phone", "Face to Face")),
			"responded_on": answered_at,
			"answers": answers,
		}
	)
	response.flags.from_survey_link = online
	response.insert(ignore_permissions=True)


def close_old_follow_ups():
	todo = frappe.qb.DocType("ToDo")
	response = frappe.qb.DocType("Survey Response")
	old = (
		frappe.qb.from_(response)
		.select(response.name)
		.where(response.responded_on < add_days(now_datetime(), -30))
	)
	(
		frappe.qb.update(todo)
		.set(todo.status, "Closed")
		.where((todo.reference_type == "Survey Response") & todo.reference_name.isin(old))
	).run()


def send_open_invitations(rng, customers):
	"""A handful of invitations sent in the last days and not answered yet, with their emails queued."""
	for customer in rng.sample(customers, min(8, len(customers))):
		contacts = invitations.client_contacts(customer.name)
		if contacts:
			invitation = frappe.get_doc(
				{
					"doctype": "Survey Invitation",
					"customer": customer.name,
					"contact": rng.choice(contacts).name,
					"trigger": scores.INVITED_BY_HAND,
				}
			).insert(ignore_permissions=True)
			invitation.reload()


def make_demo_outbox():
	"""Surveys go out by email: the demo gets an outgoing account whose password is still to be set,
	so invitation emails wait in the Email Queue instead of reaching the example.com addresses."""
	if frappe.db.exists("Email Account", DEMO_OUTBOX) or frappe.db.exists(
		"Email Account", {"default_outgoing": 1, "enable_outgoing": 1}
	):
		return
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": DEMO_OUTBOX,
			"email_id": "service@xinghe-ad.example.com",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "smtp.xinghe-ad.example.com",
			"smtp_port": 587,
			"use_tls": 1,
			"awaiting_password": 1,
		}
	).insert(ignore_permissions=True)
