"""Satisfaction surveys (满意度调查, DESIGN §7): scores, invitations, responses and follow-ups.

* Scores are pure functions: CSAT = share of 4–5 answers among 1–5 answers; NPS = % of 9–10 minus
  % of 0–6 among 0–10 answers. Each response stores its answer counts per dimension, so every
  roll-up (client, tier, account manager, period) is a sum of counts, never an average of averages.
* An invitation is one client contact's personal survey link. Only the SHA-256 of its token is stored;
  the token itself exists in the emailed link only. A link is single-use and expires.
* The daily job invites every client contact whose tier's survey cadence has passed since their last
  invitation (clients without a tier: once a year). Project completion invites the client's contacts;
  work orders and complaints call ``invite_client_contacts`` when they land.
* A response with a dimension rated 2 or lower, or a recommendation score of 6 or lower, opens one
  follow-up ToDo for the account manager; for a tier that requires director-level contact the account
  director is notified as well.
"""

import hashlib
import re
import secrets
from collections.abc import Iterable
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import add_days, add_to_date, get_datetime, get_url, getdate, now_datetime, nowdate

from agency_service.client_profile import contact_client_links
from agency_service.job_lock import runs_alone

DIMENSIONS = {
	"Service Quality": "quality",
	"Service Attitude": "attitude",
	"Service Efficiency": "efficiency",
	"Service Effect": "effect",
	"Overall Satisfaction": "overall",
}
RATING = "Rating (1–5)"
NPS = "NPS (0–10)"
SINGLE_CHOICE = "Single Choice"
FREE_TEXT = "Free Text"
QUESTION_TYPES = (RATING, NPS, SINGLE_CHOICE, FREE_TEXT)

SATISFIED_FROM = 4  # ratings 4 and 5 of 5 count as satisfied
LOW_RATING_UP_TO = 2  # a rating of 2 or lower needs a follow-up
PROMOTER_FROM = 9
DETRACTOR_UP_TO = 6  # also the follow-up threshold for the recommendation score

SURVEY_LANGUAGES = ("zh", "zh-TW", "en")
DEFAULT_CADENCE_DAYS = 365  # clients without a tier are still surveyed yearly
ROLLUP_DAYS = 365  # a client's CSAT and NPS cover the last twelve months of responses
TOKEN_BYTES = 32  # 256 bits of randomness
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
SURVEY_ROUTE = "client-survey"
INVITATION_EMAIL_TEMPLATE = "Satisfaction Survey Invitation"
DEFAULT_TEMPLATE = "Client Satisfaction Survey"
SEND_BATCH_SIZE = 500

INVITED_BY_CADENCE = "Survey Cadence"
INVITED_AFTER_PROJECT = "Project Completed"
INVITED_AFTER_WORK_ORDER = "Work Order Completed"
INVITED_AFTER_COMPLAINT = "Complaint Closed"
INVITED_BY_HAND = "Sent by Hand"


class InvalidSurveyTemplateError(frappe.ValidationError):
	pass


class InvalidSurveyAnswerError(frappe.ValidationError):
	pass


class SurveyLinkError(frappe.ValidationError):
	pass


class SurveyInvitationError(frappe.ValidationError):
	pass


# --- scores (pure) -----------------------------------------------------------------------------


def csat(ratings: Iterable[int]) -> float | None:
	"""Share of satisfied answers (4–5) among 1–5 ratings, in percent; None when there are none."""
	ratings = list(ratings)
	for rating in ratings:
		if not 1 <= rating <= 5:
			raise ValueError(f"a CSAT rating is between 1 and 5, not {rating}")
	return csat_from_counts(sum(1 for r in ratings if r >= SATISFIED_FROM), len(ratings))


def csat_from_counts(satisfied: int, rated: int) -> float | None:
	return 100.0 * satisfied / rated if rated else None


def nps(scores: Iterable[int]) -> float | None:
	"""Net Promoter Score: % of 9–10 minus % of 0–6 among 0–10 scores, in points; None when there are none."""
	scores = list(scores)
	for score in scores:
		if not 0 <= score <= 10:
			raise ValueError(f"an NPS score is between 0 and 10, not {score}")
	promoters = sum(1 for s in scores if s >= PROMOTER_FROM)
	detractors = sum(1 for s in scores if s <= DETRACTOR_UP_TO)
	return nps_from_counts(promoters, detractors, len(scores))


def nps_from_counts(promoters: int, detractors: int, total: int) -> float | None:
	return 100.0 * (promoters - detractors) / total if total else None


def nps_category(score: int) -> str:
	if score >= PROMOTER_FROM:
		return "Promoter"
	if score <= DETRACTOR_UP_TO:
		return "Detractor"
	return "Passive"


def score_answers(answers: Iterable[tuple[str, str, int | None]]) -> dict:
	"""Counts and scores of one response from (question type, dimension, score) triples."""
	result: dict = {"rated_total": 0, "satisfied_total": 0, "nps_score": None, "low": False}
	for key in DIMENSIONS.values():
		result[f"rated_{key}"] = result[f"satisfied_{key}"] = 0
	for question_type, dimension, score in answers:
		if score is None:
			continue
		if question_type == RATING:
			key = DIMENSIONS[dimension]
			result[f"rated_{key}"] += 1
			result["rated_total"] += 1
			if score >= SATISFIED_FROM:
				result[f"satisfied_{key}"] += 1
				result["satisfied_total"] += 1
			result["low"] |= score <= LOW_RATING_UP_TO
		elif question_type == NPS:
			result["nps_score"] = score
			result["low"] |= score <= DETRACTOR_UP_TO
	for key in DIMENSIONS.values():
		result[f"csat_{key}"] = csat_from_counts(result[f"satisfied_{key}"], result[f"rated_{key}"])
	result["csat"] = csat_from_counts(result["satisfied_total"], result["rated_total"])
	return result


# --- templates ---------------------------------------------------------------------------------


def validate_template(template):
	if not template.questions:
		throw_template_error(_("A survey needs at least one question."))
	seen = set()
	for row in template.questions:
		if row.question in seen:
			throw_template_error(
				_("Row {0}: the question {1} is asked twice.").format(row.idx, frappe.bold(row.question))
			)
		seen.add(row.question)
		if row.question_type == RATING and not row.dimension:
			throw_template_error(_("Row {0}: a rating question needs a service dimension.").format(row.idx))
		if row.question_type == SINGLE_CHOICE and len(choice_list(row.choices)) < 2:
			throw_template_error(
				_("Row {0}: a single-choice question needs at least two choices, one per line.").format(
					row.idx
				)
			)
	if sum(1 for row in template.questions if row.question_type == NPS) > 1:
		throw_template_error(_("A survey can ask the recommendation (NPS) question only once."))
	if (template.link_valid_days or 0) < 1:
		throw_template_error(_("A survey link must be valid for at least one day."))
	if template.is_default:
		other = frappe.db.get_value(
			"Survey Template", {"is_default": 1, "name": ("!=", template.name or "")}, "name"
		)
		if other:
			throw_template_error(
				_("{0} is already the default survey template. Untick it there first.").format(
					frappe.bold(other)
				)
			)


def throw_template_error(message: str):
	frappe.throw(message, title=_("Invalid Survey Template"), exc=InvalidSurveyTemplateError)


def choice_list(choices: str | None) -> list[str]:
	return [line.strip() for line in (choices or "").splitlines() if line.strip()]


def default_template() -> str | None:
	return frappe.db.get_value("Survey Template", {"is_default": 1, "enabled": 1}, "name")


# --- tokens ------------------------------------------------------------------------------------


def new_token() -> tuple[str, str]:
	token = secrets.token_urlsafe(TOKEN_BYTES)
	return token, hash_token(token)


def hash_token(token: str) -> str:
	return hashlib.sha256(token.encode()).hexdigest()


def survey_link(token: str) -> str:
	return get_url(f"/{SURVEY_ROUTE}?token={token}")


def find_invitation(token: str | None) -> tuple[dict | None, str]:
	"""The invitation a link token belongs to and whether it can be answered.

	State is one of "open", "unknown", "expired", "used" or "cancelled"; nothing is written.
	"""
	if not token or not TOKEN_PATTERN.match(token):
		return None, "unknown"
	invitation = frappe.db.get_value(
		"Survey Invitation",
		{"token_hash": hash_token(token)},
		["name", "customer", "contact", "survey_language", "survey_template", "status", "expires_on"],
		as_dict=True,
	)
	if not invitation:
		return None, "unknown"
	if invitation.status == "Responded":
		return invitation, "used"
	if invitation.status == "Cancelled":
		return invitation, "cancelled"
	if invitation.status == "Expired" or (
		invitation.expires_on and get_datetime(invitation.expires_on) < now_datetime()
	):
		return invitation, "expired"
	if invitation.status != "Sent":
		return None, "unknown"
	return invitation, "open"


# --- languages ---------------------------------------------------------------------------------


def survey_language(*candidates: str | None) -> str:
	"""The first of the candidates that maps to a survey language (zh, zh-TW, en), else zh."""
	for lang in candidates:
		lang = (lang or "").strip().lower().replace("_", "-")
		if not lang:
			continue
		if lang.startswith("zh"):
			return "zh-TW" if lang in ("zh-tw", "zh-hk", "zh-mo", "zh-hant") else "zh"
		if lang.startswith("en"):
			return "en"
	return "zh"


def contact_language(contact: str, customer: str) -> str:
	user = frappe.db.get_value("Contact", contact, "user")
	return survey_language(
		frappe.db.get_value("User", user, "language") if user else None,
		frappe.db.get_value("Customer", customer, "language"),
		frappe.db.get_single_value("System Settings", "language"),
	)


@contextmanager
def in_language(lang: str | None):
	previous = getattr(frappe.local, "lang", None)
	frappe.local.lang = lang or previous
	try:
		yield
	finally:
		frappe.local.lang = previous


# --- invitations -------------------------------------------------------------------------------


def client_contacts(customer: str) -> list[dict]:
	"""Contacts of a client who can receive a survey: an email address and not unsubscribed."""
	query, contact, link = contact_client_links()
	return (
		query.select(contact.name, contact.email_id)
		.where(
			(link.link_name == customer)
			& (contact.email_id.isnotnull())
			& (contact.email_id != "")
			& (contact.unsubscribed == 0)
		)
		.orderby(contact.name)
		.run(as_dict=True)
	)


def invite_client_contacts(
	customer: str, trigger: str, reference_doctype: str | None = None, reference_name: str | None = None
) -> list[str]:
	"""Invite every survey contact of a client after an event, once per contact and event."""
	if frappe.db.get_value("Customer", customer, "disabled"):
		return []
	invited = []
	for contact in client_contacts(customer):
		if reference_name and frappe.db.exists(
			"Survey Invitation",
			{
				"contact": contact.name,
				"reference_doctype": reference_doctype,
				"reference_name": reference_name,
			},
		):
			continue
		invitation = frappe.get_doc(
			{
				"doctype": "Survey Invitation",
				"customer": customer,
				"contact": contact.name,
				"trigger": trigger,
				"reference_doctype": reference_doctype,
				"reference_name": reference_name,
			}
		).insert(ignore_permissions=True)
		if outgoing_email_ready():
			send_invitation(invitation)  # otherwise it stays queued for the daily job
		invited.append(invitation.name)
	return invited


# Set only by the app (token, sending, answering): never taken from a form or a REST call.
INVITATION_SYSTEM_FIELDS = (
	"status",
	"token_hash",
	"sent_on",
	"expires_on",
	"responded_on",
	"survey_response",
)


def protect_invitation(invitation):
	if invitation.is_new():
		invitation.update(dict.fromkeys(INVITATION_SYSTEM_FIELDS))
		invitation.status = "Queued"
		return
	changed = [
		f for f in (*INVITATION_SYSTEM_FIELDS, "customer", "contact") if invitation.has_value_changed(f)
	]
	if changed:
		throw_invitation_error(
			_("{0} of a survey invitation cannot be changed by hand.").format(
				", ".join(frappe.bold(_(invitation.meta.get_label(f))) for f in changed)
			)
		)


def prepare_invitation(invitation):
	"""Fill what a new invitation can work out by itself, and check it can be sent."""
	if not frappe.db.exists(
		"Dynamic Link",
		{
			"parenttype": "Contact",
			"parent": invitation.contact,
			"link_doctype": "Customer",
			"link_name": invitation.customer,
		},
	):
		throw_invitation_error(
			_("{0} is not a contact of {1}.").format(
				frappe.bold(invitation.contact), frappe.bold(invitation.customer)
			)
		)
	invitation.email_id = invitation.email_id or frappe.db.get_value(
		"Contact", invitation.contact, "email_id"
	)
	if not invitation.email_id:
		throw_invitation_error(
			_("{0} has no email address to send the survey to.").format(frappe.bold(invitation.contact))
		)
	if invitation.trigger == INVITED_BY_HAND and not outgoing_email_ready():
		throw_invitation_error(_("Surveys are sent by email: set up a default outgoing Email Account first."))
	invitation.survey_template = invitation.survey_template or default_template()
	if not invitation.survey_template:
		throw_invitation_error(_("There is no enabled default survey template."))
	invitation.survey_language = (
		survey_language(invitation.survey_language)
		if invitation.survey_language
		else contact_language(invitation.contact, invitation.customer)
	)
	invitation.client_tier, invitation.account_manager = frappe.db.get_value(
		"Customer", invitation.customer, ["client_tier", "account_manager"]
	)


def throw_invitation_error(message: str):
	frappe.throw(message, title=_("Cannot Invite to a Survey"), exc=SurveyInvitationError)


def send_invitation(invitation) -> str:
	"""Email the contact a fresh personal link (any earlier link of this invitation stops working).

	Returns the link, which is stored nowhere but in the email.
	"""
	if isinstance(invitation, str):
		invitation = frappe.get_doc("Survey Invitation", invitation)
	if invitation.status in ("Responded", "Cancelled"):
		throw_invitation_error(
			_("This invitation is {0} and cannot be sent again.").format(_(invitation.status).lower())
		)
	if not outgoing_email_ready():
		throw_invitation_error(_("Surveys are sent by email: set up a default outgoing Email Account first."))
	template = frappe.get_cached_doc("Survey Template", invitation.survey_template)
	token, token_hash = new_token()
	sent_on = now_datetime()
	expires_on = add_to_date(sent_on, days=template.link_valid_days)
	link = survey_link(token)
	with in_language(invitation.survey_language):
		email = frappe.get_cached_doc("Email Template", template.email_template).get_formatted_email(
			{
				"contact_name": frappe.db.get_value("Contact", invitation.contact, "full_name")
				or invitation.contact,
				"customer_name": frappe.db.get_value("Customer", invitation.customer, "customer_name"),
				"company": frappe.defaults.get_global_default("company") or "",
				"survey_link": link,
				"expires_on": frappe.utils.format_date(expires_on),
			}
		)
	frappe.sendmail(
		recipients=[invitation.email_id],
		subject=email["subject"],
		message=email["message"],
		reference_doctype="Survey Invitation",
		reference_name=invitation.name,
		delayed=True,
	)
	invitation.db_set(
		{"token_hash": token_hash, "status": "Sent", "sent_on": sent_on, "expires_on": expires_on},
		notify=True,
	)
	return link


def outgoing_email_ready() -> bool:
	from frappe.email.doctype.email_account.email_account import EmailAccount

	return bool(EmailAccount.find_outgoing(_raise_error=False))


def send_invitations(names: list[str]):
	if not outgoing_email_ready():
		# They stay queued; the next daily run sends them once an outgoing account exists.
		frappe.log_error(
			title=_("Survey invitations not sent"),
			message=_("Surveys are sent by email: set up a default outgoing Email Account first."),
		)
		return
	for name in names:
		send_invitation(name)


def queued_invitations() -> list[str]:
	return frappe.get_all(
		"Survey Invitation", filters={"status": "Queued"}, pluck="name", order_by="creation"
	)


def due_contacts(on_date=None) -> list[dict]:
	"""Client contacts whose tier's survey cadence has passed since their last invitation."""
	on_date = getdate(on_date or nowdate())
	contact = frappe.qb.DocType("Contact")
	link = frappe.qb.DocType("Dynamic Link")
	customer = frappe.qb.DocType("Customer")
	tier = frappe.qb.DocType("Client Tier")
	user = frappe.qb.DocType("User")
	invitation = frappe.qb.DocType("Survey Invitation")
	candidates = (
		frappe.qb.from_(contact)
		.join(link)
		.on(
			(link.parent == contact.name) & (link.parenttype == "Contact") & (link.link_doctype == "Customer")
		)
		.join(customer)
		.on(customer.name == link.link_name)
		.left_join(tier)
		.on(tier.name == customer.client_tier)
		.left_join(user)
		.on(user.name == contact.user)
		.select(
			contact.name.as_("contact"),
			contact.email_id,
			customer.name.as_("customer"),
			customer.client_tier,
			customer.account_manager,
			customer.language.as_("customer_language"),
			user.language.as_("user_language"),
			tier.survey_cadence_days,
		)
		.where(
			(customer.disabled == 0)
			& (contact.email_id.isnotnull())
			& (contact.email_id != "")
			& (contact.unsubscribed == 0)
		)
		.run(as_dict=True)
	)
	last_invited = {
		(row.customer, row.contact): getdate(row.last)
		for row in frappe.qb.from_(invitation)
		.select(
			invitation.customer,
			invitation.contact,
			frappe.qb.functions("MAX", invitation.creation).as_("last"),
		)
		.where(invitation.status != "Cancelled")
		.groupby(invitation.customer, invitation.contact)
		.run(as_dict=True)
	}
	due = []
	for row in candidates:
		cadence = min(row.survey_cadence_days or DEFAULT_CADENCE_DAYS, DEFAULT_CADENCE_DAYS)
		last = last_invited.get((row.customer, row.contact))
		if last is None or (on_date - last).days >= cadence:
			due.append(row)
	return due


@runs_alone
def send_due_invitations_job():
	send_due_invitations()


def send_due_invitations(send_inline: bool = False) -> list[str]:
	"""Daily job: one invitation for every contact due, created in bulk; emails go out in batches."""
	template = default_template()
	if not template:
		frappe.log_error(
			title=_("Survey invitations not sent"), message=_("There is no enabled default survey template.")
		)
		return []
	system_language = frappe.db.get_single_value("System Settings", "language")
	now = now_datetime()
	fields = [
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"customer",
		"contact",
		"email_id",
		"survey_language",
		"survey_template",
		"trigger",
		"client_tier",
		"account_manager",
		"status",
	]
	rows = []
	for row in due_contacts(now):
		rows.append(
			(
				frappe.generate_hash(length=10),
				now,
				now,
				frappe.session.user,
				frappe.session.user,
				0,
				row.customer,
				row.contact,
				row.email_id,
				survey_language(row.user_language, row.customer_language, system_language),
				template,
				INVITED_BY_CADENCE,
				row.client_tier,
				row.account_manager,
				"Queued",
			)
		)
	frappe.db.bulk_insert("Survey Invitation", fields, rows, chunk_size=2000)
	created = [row[0] for row in rows]
	names = queued_invitations()  # today's and any an earlier run could not send
	for start in range(0, len(names), SEND_BATCH_SIZE):
		batch = names[start : start + SEND_BATCH_SIZE]
		if send_inline:
			send_invitations(batch)
		else:
			frappe.enqueue(
				"agency_service.surveys.send_invitations",
				queue="long",
				names=batch,
				enqueue_after_commit=True,
			)
	return created


@runs_alone
def expire_invitations_job():
	expire_invitations()


def expire_invitations():
	"""Daily: mark sent invitations whose link has expired (the page refuses them already)."""
	invitation = frappe.qb.DocType("Survey Invitation")
	(
		frappe.qb.update(invitation)
		.set(invitation.status, "Expired")
		.where((invitation.status == "Sent") & (invitation.expires_on < now_datetime()))
	).run()


def on_project_update(project, method=None):
	if project.customer and project.status == "Completed" and project.has_value_changed("status"):
		invite_client_contacts(project.customer, INVITED_AFTER_PROJECT, "Project", project.name)


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
