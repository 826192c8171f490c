"""Survey invitations: who is due, preparing and sending them (daily job), expiry, and the triggers after a project."""

import frappe
from frappe import _
from frappe.utils import add_to_date, getdate, now_datetime, nowdate

from agency_service.bulk import bulk_insert_rows
from agency_service.clients.profile import contact_client_links, contacts_of_enabled_clients, is_contact_of
from agency_service.job_lock import runs_alone
from agency_service.notify import send_in_batches
from agency_service.surveys.links import (
	contact_language,
	in_language,
	new_token,
	survey_language,
	survey_link,
)
from agency_service.surveys.scores import (
	DEFAULT_CADENCE_DAYS,
	INVITED_AFTER_PROJECT,
	INVITED_AFTER_WORK_ORDER,
	INVITED_BY_CADENCE,
	INVITED_BY_HAND,
	SEND_BATCH_SIZE,
	SurveyInvitationError,
)
from agency_service.surveys.templates import default_template

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
	if not is_contact_of(invitation.contact, invitation.customer):
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


def reachable_contacts():
	"""The contacts of enabled clients who have an email address and have not unsubscribed, with their
	address, client and the languages they may read (their user's, their company's), as
	``(query, Contact, Customer)``: callers add fields and conditions."""
	query, contact, _link, customer = contacts_of_enabled_clients()
	user = frappe.qb.DocType("User")
	query = (
		query.left_join(user)
		.on(user.name == contact.user)
		.select(
			contact.email_id,
			customer.name.as_("customer"),
			customer.language.as_("customer_language"),
			user.language.as_("user_language"),
		)
		.where((contact.email_id.isnotnull()) & (contact.email_id != "") & (contact.unsubscribed == 0))
	)
	return query, contact, customer


def due_contacts(on_date=None) -> list[dict]:
	"""Client contacts whose tier's survey cadence has passed since their last invitation."""
	on_date = getdate(on_date or nowdate())
	query, contact, customer = reachable_contacts()
	tier = frappe.qb.DocType("Client Tier")
	invitation = frappe.qb.DocType("Survey Invitation")
	candidates = (
		query.left_join(tier)
		.on(tier.name == customer.client_tier)
		.select(
			contact.name.as_("contact"),
			customer.client_tier,
			customer.account_manager,
			tier.survey_cadence_days,
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
	rows = [
		{
			"name": frappe.generate_hash(length=10),
			"customer": row.customer,
			"contact": row.contact,
			"email_id": row.email_id,
			"survey_language": survey_language(row.user_language, row.customer_language, system_language),
			"survey_template": template,
			"trigger": INVITED_BY_CADENCE,
			"client_tier": row.client_tier,
			"account_manager": row.account_manager,
			"status": "Queued",
		}
		for row in due_contacts(now)
	]
	bulk_insert_rows("Survey Invitation", rows)
	created = [row["name"] for row in rows]
	names = queued_invitations()  # today's and any an earlier run could not send
	send_in_batches(
		"agency_service.surveys.invitations.send_invitations", names, SEND_BATCH_SIZE, send_inline
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
	"""A completed project asks the client how it went. The project of a work order (its delivery plan)
	completes the work order: the survey is the work order's, so it is sent once, whichever of the
	project's completion and the client's approval comes first."""
	if not (project.customer and project.status == "Completed" and project.has_value_changed("status")):
		return
	work_order = frappe.db.get_value("Client Work Order", {"project": project.name}, "name")
	if work_order:
		invite_client_contacts(project.customer, INVITED_AFTER_WORK_ORDER, "Client Work Order", work_order)
	else:
		invite_client_contacts(project.customer, INVITED_AFTER_PROJECT, "Project", project.name)
