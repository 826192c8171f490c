"""Survey responses: answers checked against the template, the client's CSAT / NPS, follow-ups for low scores."""

import re

import frappe
from frappe import _
from frappe.utils import add_days, getdate, now_datetime, nowdate

from agency_service.surveys.links import find_invitation, in_language
from agency_service.surveys.scores import (
	NPS,
	RATING,
	ROLLUP_DAYS,
	SINGLE_CHOICE,
	InvalidSurveyAnswerError,
	SurveyLinkError,
	csat_from_counts,
	nps_category,
	nps_from_counts,
	score_answers,
)
from agency_service.surveys.templates import choice_list

# --- responses ---------------------------------------------------------------------------------


def fill_answers_from_template(response):
	"""Give a new response one answer row per question of its template, in the template's order."""
	template = frappe.get_cached_doc("Survey Template", response.survey_template)
	given = {row.question: row.answer for row in response.answers}
	response.set("answers", [])
	for question in template.questions:
		response.append(
			"answers",
			{
				"question": question.question,
				"question_type": question.question_type,
				"dimension": question.dimension,
				"is_required": question.is_required,
				"answer": given.get(question.question),
			},
		)


def validate_response(response):
	if not response.is_new() and response.get_db_value("channel") == "Online":
		throw_answer_error(_("A client's online answers cannot be changed."))
	if response.is_new() and not response.flags.from_survey_link:
		response.survey_invitation = None  # only the link answers an invitation
	if response.is_new():
		response.follow_up_todo = None
	if response.channel == "Online" and not response.flags.from_survey_link:
		frappe.throw(
			_("Online answers come from the client's survey link. Record a phone or face-to-face answer."),
			title=_("Invalid Survey Answer"),
			exc=InvalidSurveyAnswerError,
		)
	response.entered_offline = 0 if response.channel == "Online" else 1
	if not response.answers:
		fill_answers_from_template(response)
	check_answers_match_template(response)
	triples = [(row.question_type, row.dimension, parse_answer(row)) for row in response.answers]
	scores = score_answers(triples)
	response.update({key: value for key, value in scores.items() if key not in ("low", "nps_score")})
	response.nps_score = scores["nps_score"] if scores["nps_score"] is not None else 0
	response.nps_category = nps_category(scores["nps_score"]) if scores["nps_score"] is not None else ""
	response.needs_follow_up = 1 if scores["low"] else 0
	if response.is_new():
		response.client_tier, response.account_manager = frappe.db.get_value(
			"Customer", response.customer, ["client_tier", "account_manager"]
		)


def check_answers_match_template(response):
	template = frappe.get_cached_doc("Survey Template", response.survey_template)
	questions = {q.question: q for q in template.questions}
	for row in response.answers:
		question = questions.get(row.question)
		if not question:
			throw_answer_error(
				_("Row {0}: {1} is not a question of survey {2}.").format(
					row.idx, frappe.bold(row.question), frappe.bold(response.survey_template)
				)
			)
		row.question_type, row.dimension, row.is_required = (
			question.question_type,
			question.dimension,
			question.is_required,
		)
	answered = {row.question for row in response.answers}
	for question in template.questions:
		if question.is_required and question.question not in answered:
			throw_answer_error(_("Please answer: {0}").format(frappe.bold(_(question.question))))


def parse_answer(row) -> int | None:
	"""Check one answer and return its score (None for text, choices and blanks)."""
	answer = (row.answer or "").strip()
	row.answer = answer
	question = frappe.bold(_(row.question))
	if not answer:
		if row.is_required:
			throw_answer_error(_("Please answer: {0}").format(question))
		row.score = 0
		return None
	if row.question_type in (RATING, NPS):
		low, high = (1, 5) if row.question_type == RATING else (0, 10)
		if not re.fullmatch(r"\d{1,2}", answer) or not low <= int(answer) <= high:
			throw_answer_error(
				_("The answer to {0} must be a whole number from {1} to {2}.").format(question, low, high)
			)
		row.score = int(answer)
		return row.score
	if row.question_type == SINGLE_CHOICE:
		choices = choice_list(
			frappe.get_cached_doc("Survey Template", row.parent_doc.survey_template)
			.get("questions", {"question": row.question})[0]
			.choices
		)
		if answer not in choices:
			throw_answer_error(_("Please pick one of the offered answers to {0}.").format(question))
	elif len(answer) > 2000:
		throw_answer_error(_("The answer to {0} is too long (2,000 characters at most).").format(question))
	row.score = 0
	return None


def throw_answer_error(message: str):
	frappe.throw(message, title=_("Invalid Survey Answer"), exc=InvalidSurveyAnswerError)


def after_response_saved(response):
	if response.survey_invitation:
		frappe.db.set_value(
			"Survey Invitation",
			response.survey_invitation,
			{"status": "Responded", "responded_on": response.responded_on, "survey_response": response.name},
		)
	update_client_scores(response.customer)
	if response.needs_follow_up:
		open_follow_up(response)


def update_client_scores(customer: str):
	"""Roll the last twelve months of a client's responses up into the Customer's CSAT, NPS and dates."""
	figures = client_figures([customer], add_days(nowdate(), -ROLLUP_DAYS)).get(customer)
	response = frappe.qb.DocType("Survey Response")
	last = (
		frappe.qb.from_(response)
		.select(frappe.qb.functions("MAX", response.responded_on))
		.where(response.customer == customer)
	).run()[0][0]
	frappe.db.set_value(
		"Customer",
		customer,
		{
			# the columns hold no NULL: no rated answer in twelve months shows as 0 beside the last survey date
			"csat": (figures or {}).get("csat") or 0,
			"nps": (figures or {}).get("nps") or 0,
			"last_survey_date": getdate(last) if last else None,
		},
		update_modified=False,
	)


def client_figures(customers: list[str], from_date) -> dict[str, dict]:
	response = frappe.qb.DocType("Survey Response")
	rows = (
		frappe.qb.from_(response)
		.select(
			response.customer,
			frappe.qb.functions("SUM", response.satisfied_total).as_("satisfied"),
			frappe.qb.functions("SUM", response.rated_total).as_("rated"),
			frappe.qb.functions("SUM", (response.nps_category == "Promoter")).as_("promoters"),
			frappe.qb.functions("SUM", (response.nps_category == "Detractor")).as_("detractors"),
			frappe.qb.functions("SUM", (response.nps_category != "")).as_("nps_answers"),
		)
		.where(response.customer.isin(customers) & (response.responded_on >= from_date))
		.groupby(response.customer)
		.run(as_dict=True)
	)
	return {
		row.customer: {
			"csat": csat_from_counts(int(row.satisfied or 0), int(row.rated or 0)),
			"nps": nps_from_counts(
				int(row.promoters or 0), int(row.detractors or 0), int(row.nps_answers or 0)
			),
		}
		for row in rows
	}


def open_follow_up(response):
	"""One follow-up ToDo per low response, for the account manager (or the director if there is none)."""
	if frappe.db.exists("ToDo", {"reference_type": "Survey Response", "reference_name": response.name}):
		return
	customer = frappe.db.get_value(
		"Customer",
		response.customer,
		["customer_name", "account_manager", "account_director", "client_tier"],
		as_dict=True,
	)
	owner = customer.account_manager or customer.account_director
	if owner:
		with in_language(frappe.db.get_value("User", owner, "language")):
			description = _(
				"Low satisfaction from {0}: call the client, find out what went wrong and record what was agreed."
			).format(customer.customer_name)
		todo = frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": owner,
				"description": description,
				"reference_type": "Survey Response",
				"reference_name": response.name,
				"priority": "High",
				"date": add_days(nowdate(), 2),
				"assigned_by": "Administrator",
			}
		).insert(ignore_permissions=True)
		response.db_set("follow_up_todo", todo.name)
	director_needed = customer.client_tier and frappe.db.get_value(
		"Client Tier", customer.client_tier, "director_contact_required"
	)
	if director_needed and customer.account_director and customer.account_director != owner:
		from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

		with in_language(frappe.db.get_value("User", customer.account_director, "language")):
			subject = _("Low satisfaction from strategic client {0}.").format(customer.customer_name)
		make_notification_logs(
			{
				"type": "Alert",
				"document_type": "Survey Response",
				"document_name": response.name,
				"subject": subject,
				"from_user": "Administrator",
			},
			[customer.account_director],
		)


def after_response_deleted(response):
	update_client_scores(response.customer)
	if response.survey_invitation and frappe.db.exists("Survey Invitation", response.survey_invitation):
		frappe.db.set_value(
			"Survey Invitation",
			response.survey_invitation,
			{"status": "Sent", "responded_on": None, "survey_response": None},
		)


def submit_online_response(token: str, answers: dict[str, str]) -> str:
	"""Store a client's answers given through their link. Refuses (storing nothing) a link not open."""
	invitation, state = find_invitation(token)
	if state != "open":
		raise_link_error(state)
	with in_language(invitation.survey_language):
		template = frappe.get_cached_doc("Survey Template", invitation.survey_template)
		response = frappe.get_doc(
			{
				"doctype": "Survey Response",
				"customer": invitation.customer,
				"contact": invitation.contact,
				"survey_template": template.name,
				"survey_invitation": invitation.name,
				"channel": "Online",
				"responded_on": now_datetime(),
				"answers": [
					{"question": q.question, "answer": str(answers.get(str(q.idx)) or "")[:4000]}
					for q in template.questions
				],
			}
		)
		response.flags.from_survey_link = True
		# The client is not a desk user: the link token is their permission to answer.
		response.insert(ignore_permissions=True)
	return response.name


def link_message(state: str) -> str:
	return {
		"unknown": _("This survey link is not valid. Please use the link from your invitation email."),
		"expired": _("This survey link has expired. Thank you for your interest; we will invite you again."),
		"used": _("This survey has already been answered. Thank you for your feedback!"),
		"cancelled": _("This survey has been withdrawn. Thank you for your interest."),
	}[state]


def raise_link_error(state: str):
	frappe.throw(link_message(state), title=_("Survey Link"), exc=SurveyLinkError)


def overall_figures(from_date=None) -> dict:
	"""CSAT and NPS over every response since ``from_date`` (default: the last twelve months)."""
	if not frappe.has_permission("Survey Response", "read"):
		frappe.throw(_("Not permitted"), frappe.PermissionError)
	response = frappe.qb.DocType("Survey Response")
	Sum = frappe.qb.functions
	row = (
		frappe.qb.from_(response)
		.select(
			Sum("SUM", response.satisfied_total).as_("satisfied"),
			Sum("SUM", response.rated_total).as_("rated"),
			Sum("SUM", response.nps_category == "Promoter").as_("promoters"),
			Sum("SUM", response.nps_category == "Detractor").as_("detractors"),
			Sum("SUM", response.nps_category != "").as_("nps_answers"),
		)
		.where(response.responded_on >= (from_date or add_days(nowdate(), -ROLLUP_DAYS)))
	).run(as_dict=True)[0]
	return {
		"csat": csat_from_counts(int(row.satisfied or 0), int(row.rated or 0)),
		"nps": nps_from_counts(int(row.promoters or 0), int(row.detractors or 0), int(row.nps_answers or 0)),
	}
