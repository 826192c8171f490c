"""What a site needs before it can survey clients: the invitation email template and a default survey.

Both are created only when missing (run after install and every migrate), so an agency's edits stay.
The questions follow the service standard's four survey areas (000 §4.1.2: quality, attitude,
efficiency, effect) plus overall satisfaction, the recommendation question and free text. Question
texts are English source strings; the survey page shows them in the client's language.
"""

import frappe

from agency_service.surveys.scores import (
	DEFAULT_TEMPLATE,
	FREE_TEXT,
	INVITATION_EMAIL_TEMPLATE,
	NPS,
	RATING,
	SINGLE_CHOICE,
)

# question, type, dimension, required, choices
DEFAULT_QUESTIONS = (
	(
		"How satisfied are you with the quality of our creative, design, production and media work?",
		RATING,
		"Service Quality",
		1,
		"",
	),
	(
		"How satisfied are you with the respect, patience and professionalism of our team?",
		RATING,
		"Service Attitude",
		1,
		"",
	),
	(
		"How satisfied are you with how quickly we respond and solve problems?",
		RATING,
		"Service Efficiency",
		1,
		"",
	),
	("How satisfied are you with the results our advertising brought you?", RATING, "Service Effect", 1, ""),
	("Overall, how satisfied are you with our service?", RATING, "Overall Satisfaction", 1, ""),
	("How likely are you to recommend us to a friend or business partner?", NPS, "", 1, ""),
	(
		"Which of our services matters most to you?",
		SINGLE_CHOICE,
		"",
		0,
		"Creative and design\nMedia planning and buying\nMarket research\nAdvertising production\nAccount service",
	),
	("What should we do better?", FREE_TEXT, "", 0, ""),
)

INVITATION_SUBJECT = '{{ _("How did we do? A short satisfaction survey from {0}").format(company) }}'
INVITATION_BODY = """<p>{{ _("Dear {0},").format(contact_name) }}</p>
<p>{{ _("Thank you for working with {0}. Would you tell us in three minutes how satisfied {1} is with our service?").format(company, customer_name) }}</p>
<p><a href="{{ survey_link }}">{{ _("Open the survey") }}</a></p>
<p>{{ _("This link is personal and can be used once, until {0}.").format(expires_on) }}</p>
<p>{{ _("Thank you for your time.") }}</p>"""


def make_survey_defaults():
	if not frappe.db.exists("Email Template", INVITATION_EMAIL_TEMPLATE):
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": INVITATION_EMAIL_TEMPLATE,
				"subject": INVITATION_SUBJECT,
				"use_html": 1,
				"response_html": INVITATION_BODY,
			}
		).insert(ignore_permissions=True)
	if not frappe.db.exists("Survey Template", DEFAULT_TEMPLATE):
		frappe.get_doc(
			{
				"doctype": "Survey Template",
				"template_name": DEFAULT_TEMPLATE,
				"enabled": 1,
				"is_default": 0 if frappe.db.exists("Survey Template", {"is_default": 1}) else 1,
				"link_valid_days": 30,
				"email_template": INVITATION_EMAIL_TEMPLATE,
				"introduction": "Your answers go to our client service head and are used to improve our work.",
				"questions": [
					{
						"question": question,
						"question_type": question_type,
						"dimension": dimension,
						"is_required": required,
						"choices": choices,
					}
					for question, question_type, dimension, required, choices in DEFAULT_QUESTIONS
				],
			}
		).insert(ignore_permissions=True)
