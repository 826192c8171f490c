"""Surveys on the real site: templates, staff-entered responses, scores, follow-ups, links and the job."""

import frappe
import pytest
from frappe.utils import add_days, add_to_date, getdate, now_datetime, nowdate

from agency_service.surveys import invitations, links, responses, scores
from agency_service.surveys.scores import (
	InvalidSurveyAnswerError,
	InvalidSurveyTemplateError,
	SurveyInvitationError,
	SurveyLinkError,
)
from tests.factories import make_contact
from tests.survey_factories import (
	backdate_invitation,
	email_text,
	make_invitation,
	make_outbox,
	make_response,
	make_served_client,
	outbox,
	page_answers,
	template_answers,
)

pytestmark = pytest.mark.usefixtures("outbox")
assert outbox  # the fixture is imported for pytest to find


def count(doctype, **filters):
	return frappe.db.count(doctype, filters)


# --- templates ---------------------------------------------------------------------------------


def test_default_template_ships_with_every_dimension_and_nps():
	template = frappe.get_doc("Survey Template", scores.DEFAULT_TEMPLATE)
	assert template.is_default and template.enabled
	dimensions = {q.dimension for q in template.questions if q.question_type == scores.RATING}
	assert dimensions == set(scores.DIMENSIONS)
	assert [q.question_type for q in template.questions].count(scores.NPS) == 1
	assert frappe.db.exists("Email Template", template.email_template)


def template_doc(questions, **kw):
	return frappe.get_doc(
		{
			"doctype": "Survey Template",
			"template_name": kw.pop("template_name", f"Test Survey {frappe.generate_hash(length=6)}"),
			"email_template": scores.INVITATION_EMAIL_TEMPLATE,
			"link_valid_days": 14,
			"questions": questions,
			**kw,
		}
	)


RATE = {"question": "Quality?", "question_type": scores.RATING, "dimension": "Service Quality"}


@pytest.mark.parametrize(
	"questions, extra, message",
	[
		([{"question": "Rate us", "question_type": scores.RATING}], {}, "needs a service dimension"),
		(
			[
				RATE,
				{"question": "Q2", "question_type": scores.NPS},
				{"question": "Q3", "question_type": scores.NPS},
			],
			{},
			"only once",
		),
		(
			[{"question": "Pick", "question_type": scores.SINGLE_CHOICE, "choices": "Only one"}],
			{},
			"two choices",
		),
		([RATE, dict(RATE)], {}, "asked twice"),
		([RATE], {"link_valid_days": 0}, "at least one day"),
		([RATE], {"is_default": 1}, "already the default survey template"),
	],
)
def test_bad_templates_are_refused_and_nothing_saved(questions, extra, message):
	doc = template_doc(questions, **extra)
	with pytest.raises(InvalidSurveyTemplateError, match=message):
		doc.insert()
	assert not frappe.db.exists("Survey Template", doc.template_name)


# --- staff-entered responses and scores --------------------------------------------------------


def test_phone_response_is_scored_and_rolled_up_to_the_client():
	client, (contact,) = make_served_client()
	response = make_response(client.name, contact.name, channel="Phone")
	assert response.entered_offline == 1
	# ratings 5, 4, 4, 3, 5: four of five satisfied; NPS answer 9
	assert response.csat == pytest.approx(80.0)
	assert response.csat_effect == 0 and response.csat_quality == 100
	assert (response.nps_score, response.nps_category) == (9, "Promoter")
	assert response.client_tier == "Key Client" and response.account_manager == client.account_manager
	assert not response.needs_follow_up
	make_response(
		client.name,
		contact.name,
		channel="Face to Face",
		answers=template_answers({"Service Quality": "3", "Overall Satisfaction": "3"}, nps="5"),
	)
	csat, nps, last = frappe.db.get_value("Customer", client.name, ["csat", "nps", "last_survey_date"])
	assert csat == pytest.approx(100 * 6 / 10)  # 4 + 2 satisfied of 10 ratings
	assert nps == pytest.approx(0.0)  # one promoter, one detractor
	assert getdate(last) == getdate(nowdate())


def test_old_responses_leave_the_twelve_month_rollup():
	client, (contact,) = make_served_client()
	make_response(client.name, contact.name, responded_on=add_days(now_datetime(), -400))
	assert frappe.db.get_value("Customer", client.name, "csat") == 0
	make_response(client.name, contact.name, answers=template_answers({"Service Effect": "5"}))
	assert frappe.db.get_value("Customer", client.name, "csat") == 100


BAD_ANSWERS = [
	(template_answers.__name__, {"Service Quality": "6"}, "9", "whole number from 1 to 5"),
	(template_answers.__name__, {"Service Quality": "four"}, "9", "whole number from 1 to 5"),
	(template_answers.__name__, {"Service Quality": ""}, "9", "Please answer"),
	(template_answers.__name__, {}, "11", "whole number from 0 to 10"),
	(template_answers.__name__, {}, "", "Please answer"),
]


@pytest.mark.parametrize("_factory, ratings, nps, message", BAD_ANSWERS)
def test_bad_answers_are_refused_and_nothing_saved(_factory, ratings, nps, message):
	client, (contact,) = make_served_client()
	before = count("Survey Response")
	with pytest.raises(InvalidSurveyAnswerError, match=message):
		make_response(client.name, contact.name, answers=template_answers(ratings, nps=nps))
	assert count("Survey Response") == before
	assert frappe.db.get_value("Customer", client.name, "last_survey_date") is None


def test_choice_must_be_offered_and_unknown_questions_refused():
	client, (contact,) = make_served_client()
	with pytest.raises(InvalidSurveyAnswerError, match="offered answers"):
		make_response(client.name, contact.name, answers=template_answers(choice="Free coffee"))
	with pytest.raises(InvalidSurveyAnswerError, match="is not a question"):
		make_response(
			client.name, contact.name, answers=[*template_answers(), {"question": "Extra?", "answer": "x"}]
		)
	assert make_response(client.name, contact.name, answers=template_answers(choice="Market research")).name


def test_staff_cannot_record_an_online_answer():
	client, (contact,) = make_served_client()
	with pytest.raises(InvalidSurveyAnswerError, match="survey link"):
		make_response(client.name, contact.name, channel="Online")


def test_answer_error_is_translated():
	client, (contact,) = make_served_client()
	frappe.local.lang = "zh"
	with pytest.raises(InvalidSurveyAnswerError) as raised:
		make_response(client.name, contact.name, answers=template_answers({"Service Quality": "9"}))
	assert "必须是 1 到 5 之间的整数" in str(raised.value)


# --- follow-ups --------------------------------------------------------------------------------


def follow_ups(response_name):
	return frappe.get_all(
		"ToDo",
		filters={"reference_type": "Survey Response", "reference_name": response_name},
		fields=["allocated_to", "status"],
	)


def test_low_rating_opens_exactly_one_follow_up_for_the_account_manager():
	client, (contact,) = make_served_client()
	response = make_response(client.name, contact.name, answers=template_answers({"Service Attitude": "2"}))
	assert response.needs_follow_up
	assert follow_ups(response.name) == [{"allocated_to": client.account_manager, "status": "Open"}]
	response.reload()
	response.save()  # saving again (e.g. a corrected typo) opens nothing new
	assert len(follow_ups(response.name)) == 1
	assert frappe.db.get_value("Survey Response", response.name, "follow_up_todo")
	# a key client's director is not told
	assert not frappe.db.exists("Notification Log", {"document_name": response.name})


def test_low_nps_opens_a_follow_up_and_a_good_answer_does_not():
	client, (contact,) = make_served_client()
	low = make_response(client.name, contact.name, answers=template_answers(nps="6"))
	good = make_response(client.name, contact.name, answers=template_answers(nps="7"))
	assert len(follow_ups(low.name)) == 1
	assert follow_ups(good.name) == []


def test_strategic_client_tells_the_account_director():
	client, (contact,) = make_served_client(tier="Strategic Client")
	response = make_response(client.name, contact.name, answers=template_answers({"Service Quality": "1"}))
	assert len(follow_ups(response.name)) == 1
	assert frappe.get_all("Notification Log", filters={"document_name": response.name}, pluck="for_user") == [
		client.account_director
	]


# --- invitations and links ---------------------------------------------------------------------


def test_invitation_sends_a_personal_link_and_stores_only_its_hash():
	client, (contact,) = make_served_client()
	invitation, token = make_invitation(client.name, contact.name)
	assert invitation.status == "Sent" and invitation.expires_on > now_datetime()
	assert invitation.token_hash == links.hash_token(token)
	assert not frappe.db.exists("Survey Invitation", {"token_hash": token})
	queued = frappe.get_all(
		"Email Queue", filters={"reference_name": invitation.name}, fields=["message"], limit=1
	)
	assert queued and links.survey_link(token) in email_text(queued[0].message)
	assert links.find_invitation(token)[1] == "open"


def test_invitation_needs_a_contact_of_the_client_with_an_email():
	client, _contacts = make_served_client()
	_other_client, (stranger,) = make_served_client()
	with pytest.raises(SurveyInvitationError, match="is not a contact of"):
		make_invitation(client.name, stranger.name)
	silent = make_contact(client.name)
	with pytest.raises(SurveyInvitationError, match="no email address"):
		make_invitation(client.name, silent.name)
	assert count("Survey Invitation", customer=client.name) == 0


def test_link_is_valid_once():
	client, (contact,) = make_served_client()
	invitation, token = make_invitation(client.name, contact.name)
	name = responses.submit_online_response(token, page_answers())
	response = frappe.get_doc("Survey Response", name)
	assert (response.channel, response.entered_offline, response.survey_invitation) == (
		"Online",
		0,
		invitation.name,
	)
	assert frappe.db.get_value("Survey Invitation", invitation.name, "status") == "Responded"
	with pytest.raises(SurveyLinkError, match="already been answered"):
		responses.submit_online_response(token, page_answers())
	assert count("Survey Response", customer=client.name) == 1


def tampered(token: str) -> str:
	return token[:-1] + ("A" if token[-1] != "A" else "B")


@pytest.mark.parametrize(
	"make_token, message",
	[
		(lambda token: links.new_token()[0], "not valid"),  # guessed
		(tampered, "not valid"),
		(lambda token: token + "x", "not valid"),
		(lambda token: "", "not valid"),
		(lambda token: "' OR 1=1 --", "not valid"),
	],
)
def test_guessed_or_tampered_links_are_refused_and_store_nothing(make_token, message):
	client, (contact,) = make_served_client()
	invitation, token = make_invitation(client.name, contact.name)
	with pytest.raises(SurveyLinkError, match=message):
		responses.submit_online_response(make_token(token), page_answers())
	assert count("Survey Response") == count("Survey Response", survey_invitation=("!=", invitation.name))
	assert frappe.db.get_value("Survey Invitation", invitation.name, "status") == "Sent"


def test_expired_and_withdrawn_links_are_refused():
	client, (first, second) = make_served_client(contacts=2)
	expired, expired_token = make_invitation(client.name, first.name)
	expired.db_set("expires_on", add_to_date(now_datetime(), minutes=-1))
	withdrawn, withdrawn_token = make_invitation(client.name, second.name)
	withdrawn.cancel_invitation()
	with pytest.raises(SurveyLinkError, match="expired"):
		responses.submit_online_response(expired_token, page_answers())
	assert links.find_invitation(withdrawn_token)[1] == "unknown"  # its token was dropped
	assert count("Survey Response", customer=client.name) == 0
	invitations.expire_invitations()
	assert frappe.db.get_value("Survey Invitation", expired.name, "status") == "Expired"


def test_a_new_link_replaces_the_old_one():
	client, (contact,) = make_served_client()
	invitation, old_token = make_invitation(client.name, contact.name)
	new_token = invitations.send_invitation(invitation.name).split("token=")[1]
	assert links.find_invitation(old_token)[1] == "unknown"
	assert links.find_invitation(new_token)[1] == "open"


def test_bad_online_answers_store_nothing_and_keep_the_link_usable():
	client, (contact,) = make_served_client()
	_invitation, token = make_invitation(client.name, contact.name)
	with pytest.raises(InvalidSurveyAnswerError):
		responses.submit_online_response(token, page_answers({"Service Quality": "0"}))
	assert count("Survey Response", customer=client.name) == 0
	assert links.find_invitation(token)[1] == "open"


def test_invitation_language_follows_the_contact():
	client, (contact,) = make_served_client(language="zh-TW")
	invitation, _token = make_invitation(client.name, contact.name)
	assert invitation.survey_language == "zh-TW"
	message = email_text(
		frappe.get_all("Email Queue", filters={"reference_name": invitation.name}, pluck="message")[0]
	)
	assert "滿意度調查" in message and "尊敬的" in message


# --- triggers ----------------------------------------------------------------------------------


def my_invitations(customers: list[str]):
	return frappe.get_all(
		"Survey Invitation",
		filters={"customer": ("in", customers)},
		fields=["customer", "contact", "status", "trigger"],
		order_by="contact",
	)


def test_cadence_job_invites_exactly_the_contacts_due_and_is_idempotent():
	key, (key_due, key_recent, key_fresh) = make_served_client(tier="Key Client", contacts=3)  # 180 days
	untiered, (untiered_contact,) = make_served_client(tier=None)  # yearly
	unsubscribed = make_contact(
		key.name, unsubscribed=1, email_ids=[{"email_id": "no-mail@client.example.com", "is_primary": 1}]
	)
	old, _token = make_invitation(key.name, key_due.name)
	backdate_invitation(old.name, 180)  # cadence reached: due again
	recent, _token = make_invitation(key.name, key_recent.name)
	backdate_invitation(recent.name, 179)  # one day short
	untiered_old, _token = make_invitation(untiered.name, untiered_contact.name)
	backdate_invitation(untiered_old.name, 364)  # not yet a year

	invitations.send_due_invitations(send_inline=True)
	mine = [key.name, untiered.name]
	created = frappe.get_all(
		"Survey Invitation",
		filters={"customer": ("in", mine), "creation": (">=", nowdate())},
		fields=["contact", "status", "trigger"],
	)
	assert sorted(row.contact for row in created) == sorted([key_due.name, key_fresh.name])
	assert {(row.status, row.trigger) for row in created} == {("Sent", scores.INVITED_BY_CADENCE)}
	assert count("Survey Invitation", contact=unsubscribed.name) == 0
	invitations.send_due_invitations(send_inline=True)
	assert count("Survey Invitation", customer=("in", mine)) == 5


def test_cadence_job_runs_twice_without_inviting_twice():
	_client, (contact,) = make_served_client(tier="Strategic Client")
	first = invitations.send_due_invitations(send_inline=True)
	second = invitations.send_due_invitations(send_inline=True)
	assert count("Survey Invitation", contact=contact.name) == 1
	assert second == [] and len(first) >= 1
	assert frappe.db.get_value("Survey Invitation", {"contact": contact.name}, "status") == "Sent"


def test_cadence_follows_the_tier():
	strategic, (contact,) = make_served_client(tier="Strategic Client")  # every 90 days
	invitation, _token = make_invitation(strategic.name, contact.name)
	backdate_invitation(invitation.name, 89)
	assert contact.name not in {row.contact for row in invitations.due_contacts()}
	backdate_invitation(invitation.name, 90)
	assert contact.name in {row.contact for row in invitations.due_contacts()}


def test_completed_project_invites_the_client_once():
	client, contacts = make_served_client(contacts=2)
	project = frappe.get_doc(
		{
			"doctype": "Project",
			"project_name": f"Test Campaign {client.name}",
			"customer": client.name,
			"status": "Open",
		}
	).insert()
	assert count("Survey Invitation", customer=client.name) == 0
	project.status = "Completed"
	project.save()
	rows = my_invitations([client.name])
	assert sorted(row.contact for row in rows) == sorted(c.name for c in contacts)
	assert {(row.trigger, row.status) for row in rows} == {(scores.INVITED_AFTER_PROJECT, "Sent")}
	project.reload()
	project.status = "Open"
	project.save()
	project.status = "Completed"
	project.save()
	assert count("Survey Invitation", customer=client.name) == 2


def test_desk_invitation_through_the_api_checks_permissions():
	from agency_service.api.surveys import invite_contact
	from tests.factories import make_user

	client, (contact,) = make_served_client()
	frappe.set_user(make_user("Department Lead"))
	with pytest.raises(frappe.PermissionError):
		invite_contact(client.name, contact.name)
	frappe.set_user(client.account_manager)
	name = invite_contact(client.name, contact.name)
	assert frappe.db.get_value("Survey Invitation", name, ["status", "trigger"]) == (
		"Sent",
		scores.INVITED_BY_HAND,
	)


def test_no_outgoing_email_account_is_a_clear_error_and_the_job_keeps_invitations_queued():
	from agency_service.api.surveys import invite_contact

	for account in frappe.get_all("Email Account", pluck="name"):
		frappe.delete_doc("Email Account", account, ignore_permissions=True)
	frappe.local.outgoing_email_account = {}  # frappe caches the account for the request (here: the session)
	client, (contact,) = make_served_client(tier="Strategic Client")
	before = count("Survey Invitation")
	frappe.flags.mute_emails = False  # muted emails stand in for a missing account
	try:
		with pytest.raises(SurveyInvitationError, match="outgoing Email Account"):
			invite_contact(client.name, contact.name)
		assert count("Survey Invitation") == before
		invitations.send_due_invitations(send_inline=True)
		assert frappe.db.get_value("Survey Invitation", {"contact": contact.name}, "status") == "Queued"
	finally:
		frappe.flags.mute_emails = True
	make_outbox()
	frappe.local.outgoing_email_account = {}
	invitations.send_due_invitations(send_inline=True)  # the next run sends what is still queued
	assert frappe.db.get_value("Survey Invitation", {"contact": contact.name}, "status") == "Sent"
	assert count("Survey Invitation", contact=contact.name) == 1


def test_invitation_system_fields_cannot_be_forged():
	client, (contact,) = make_served_client()
	chosen_token = links.new_token()[0]
	invitation = frappe.get_doc(
		{
			"doctype": "Survey Invitation",
			"customer": client.name,
			"contact": contact.name,
			"trigger": scores.INVITED_BY_CADENCE,
			"status": "Sent",
			"token_hash": links.hash_token(chosen_token),
			"expires_on": add_days(now_datetime(), 300),
		}
	).insert()
	assert invitation.status == "Queued" and not invitation.token_hash and not invitation.expires_on
	assert links.find_invitation(chosen_token)[1] == "unknown"
	invitation.token_hash = links.hash_token(chosen_token)
	with pytest.raises(SurveyInvitationError, match="cannot be changed by hand"):
		invitation.save()
	invitation.reload()
	invitation.status = "Responded"
	with pytest.raises(SurveyInvitationError, match="cannot be changed by hand"):
		invitation.save()
	assert frappe.db.get_value("Survey Invitation", invitation.name, "status") == "Queued"


def test_online_answers_cannot_be_edited_and_staff_cannot_answer_an_invitation():
	client, (first, second) = make_served_client(contacts=2)
	_invitation, token = make_invitation(client.name, first.name)
	online = frappe.get_doc("Survey Response", responses.submit_online_response(token, page_answers()))
	online.answers[0].answer = "1"
	with pytest.raises(InvalidSurveyAnswerError, match="cannot be changed"):
		online.save()
	assert frappe.db.get_value("Survey Response", online.name, "csat") == pytest.approx(80.0)
	other, _token = make_invitation(client.name, second.name)
	by_staff = make_response(client.name, second.name, survey_invitation=other.name)
	assert by_staff.survey_invitation is None
	assert frappe.db.get_value("Survey Invitation", other.name, "status") == "Sent"
