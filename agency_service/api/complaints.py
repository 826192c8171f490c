"""The client portal's complaint API (/complaints): a client's contacts file and follow their company's
complaints, write to the agency, answer a proposed solution and rate the outcome.

Every function runs as the logged-in portal user. Reads go through Frappe's permission checks, which
the app's ``permission_query_conditions`` / ``has_permission`` hooks narrow to the user's own clients
(``agency_service.complaints``); writes check that first and then act through the complaint's own
lifecycle methods, so a client can do on the portal exactly what the portal offers and nothing more.
"""

import frappe
from frappe import _
from frappe.utils import cint, escape_html, flt

from agency_service.api import portal
from agency_service.api.guard import dict_argument, limit_portal_writes, refuse_value
from agency_service.clients.profile import contact_client_links
from agency_service.complaints import access, agreements, base, metrics
from agency_service.complaints.base import SEVERITIES, throw
from agency_service.guard import checked_text

LIST_FIELDS = [
	"name",
	"subject",
	"status",
	"priority",
	"category",
	"customer_name",
	"received_at",
	"response_by",
	"first_responded_on",
	"sla_resolution_by",
	"resolved_at",
	"modified",
]
DETAIL_FIELDS = [
	*LIST_FIELDS,
	"customer",
	"channel",
	"content",
	"client_demand",
	"acknowledged_at",
	"solution",
	"compensation_amount",
	"solution_proposed_at",
	"client_decision",
	"client_decision_at",
	"client_decision_note",
	"execution_started_at",
	"resolution_summary",
	"client_satisfied",
	"client_rating",
	"closed_at",
	"reopen_count",
]
ALLOWED_EXTENSIONS = {
	".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".txt", ".doc", ".docx",
	".xls", ".xlsx", ".ppt", ".pptx", ".mp4", ".mov", ".zip",
}  # fmt: skip
MAX_PAGE_LENGTH = 500
MAX_START = 10**9
PORTAL_WRITES_PER_HOUR = 60  # complaints or messages from one person: a person, not a script


def portal_user_only():
	portal.portal_user_only(
		_("Log in to see your complaints."),
		_("This page is for clients; staff work on complaints in the desk."),
	)


@frappe.whitelist()
def get_options() -> dict:
	portal_user_only()
	return {
		"clients": [
			{"name": c, "customer_name": frappe.db.get_value("Customer", c, "customer_name")}
			for c in access.clients_of()
		],
		"categories": [
			{"value": c, "label": _(c)}
			for c in frappe.get_all("Complaint Category", {"enabled": 1}, pluck="name", order_by="name")
		],
		"severities": [{"value": s, "label": _(s)} for s in SEVERITIES],
	}


@frappe.whitelist()
def get_complaints(status: str | None = None, start: int = 0, page_length: int = 50) -> list[dict]:
	"""The complaints of the user's company, newest first (the permission hooks do the narrowing)."""
	portal_user_only()
	filters = {"status": status} if status else {}
	rows = frappe.get_list(
		"Client Complaint",
		fields=LIST_FIELDS,
		filters=filters,
		order_by="received_at desc",
		start=min(max(cint(start), 0), MAX_START),  # MariaDB refuses a LIMIT offset past 2**64
		page_length=min(max(cint(page_length), 0) or 50, MAX_PAGE_LENGTH),
	)
	for row in rows:
		row.status_label = _(row.status)
		row.severity_label = _(row.priority) if row.priority else ""
	return rows


@frappe.whitelist()
def get_complaint(name: str) -> dict:
	portal_user_only()
	doc = readable_complaint(name)
	data = {field: doc.get(field) for field in DETAIL_FIELDS}
	for field in ("content", "solution"):  # rich text shown as HTML on the page: sanitised once more
		data[field] = frappe.utils.sanitize_html(data[field] or "")
	data["status_label"] = _(doc.status)
	data["severity_label"] = _(doc.priority) if doc.priority else ""
	data["category_label"] = _(doc.category) if doc.category else ""
	data["can_decide"] = doc.status == "Solution Proposed"
	data["can_rate"] = doc.status == "Resolved" or (doc.status == "Closed" and not doc.client_rating)
	data["messages"] = messages_of(doc)
	data["attachments"] = frappe.get_all(
		"File",
		filters={"attached_to_doctype": doc.doctype, "attached_to_name": doc.name},
		fields=["name", "file_name", "file_url"],
		order_by="creation",
	)
	return data


def readable_complaint(name: str):
	"""The complaint, when the user may read it; another client's answers as one that does not exist
	(``complaints.has_permission`` raises Frappe's own "not found" for it)."""
	if not name:
		access.throw_not_found()
	try:
		doc = frappe.get_doc("Client Complaint", name)
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		access.throw_not_found()
	if not doc.has_permission("read"):
		access.throw_not_found()
	return doc


def messages_of(doc) -> list[dict]:
	"""Emails between the agency and this client about the complaint, and the client's portal messages."""
	client_emails = set(doc.client_emails()) | set(portal_emails(doc.customer))
	rows = frappe.get_all(
		"Communication",
		filters={
			"reference_doctype": doc.doctype,
			"reference_name": doc.name,
			"communication_type": "Communication",
		},
		fields=[
			"name",
			"sender",
			"sender_full_name",
			"recipients",
			"sent_or_received",
			"content",
			"creation",
		],
		order_by="creation",
	)
	shown = []
	for row in rows:
		if row.sent_or_received == "Sent" and not any(e in (row.recipients or "") for e in client_emails):
			continue  # an email to someone else (a supplier, a colleague) is not the client's business
		shown.append(
			{
				"from_client": row.sent_or_received == "Received",
				"sender": row.sender_full_name or row.sender,
				"content": frappe.utils.sanitize_html(row.content or ""),
				"creation": row.creation,
			}
		)
	return shown


def portal_emails(customer: str) -> list[str]:
	query, contact, link = contact_client_links()
	return (
		query.select(contact.user)
		.where((link.link_name == customer) & contact.user.isnotnull())
		.run(pluck=True)
	)


def plain_text_as_html(text: str) -> str:
	"""What a client typed, stored as escaped paragraphs: markup and scripts are kept as visible text."""
	paragraphs = [escape_html(p.strip()) for p in (text or "").split("\n") if p.strip()]
	return "".join(f"<p>{p}</p>" for p in paragraphs)


def checked_files(files) -> list[tuple[str, bytes]]:
	"""The complaint's attachments, within Complaint Settings' limits."""
	if not files:
		return []
	config = agreements.settings()
	return portal.read_uploads(
		files, cint(config.max_attachments), flt(config.max_attachment_mb), throw, ALLOWED_EXTENSIONS
	)


@frappe.whitelist(methods=["POST"])
@limit_portal_writes("agency_portal_writes_per_hour", PORTAL_WRITES_PER_HOUR)
def file_complaint(
	subject: str,
	category: str,
	severity: str,
	content: str,
	demand: str | None = None,
	client: str | None = None,
) -> str:
	"""File a complaint for the user's company, with attachments sent as multipart ``attachments``."""
	portal_user_only()
	clients = access.clients_of()
	if not clients:
		throw(_("Your login is not linked to a client of the agency: please contact your account manager."))
	client = client or clients[0]
	if client not in clients:
		throw(_("You can only file complaints for your own company."), exc=frappe.PermissionError)
	subject = checked_text(subject, _("Subject"), required=True)[:140]
	content = checked_text(content, _("Complaint Content"), required=True)
	demand = checked_text(demand, _("Client's Demand"))
	if not category or not frappe.db.get_value("Complaint Category", {"name": category, "enabled": 1}):
		throw(_("Choose one of the complaint categories."))
	if severity not in SEVERITIES:
		throw(_("Choose how serious the problem is: {0}.").format(", ".join(_(s) for s in SEVERITIES)))
	files = checked_files(portal.uploaded_files())
	doc = frappe.get_doc(
		{
			"doctype": "Client Complaint",
			"customer": client,
			"contact": contact_of(frappe.session.user, client),
			"raised_by": frappe.session.user,
			"channel": "Portal",
			"subject": subject,
			"category": category,
			"priority": severity,
			"content": plain_text_as_html(content),
			"client_demand": demand or None,
		}
	)
	doc.insert(ignore_permissions=True)
	portal.attach_uploads(files, doc.doctype, doc.name)
	return doc.name


def contact_of(user: str, client: str) -> str | None:
	query, contact, link = contact_client_links()
	found = (
		query.select(contact.name)
		.where((contact.user == user) & (link.link_name == client))
		.limit(1)
		.run(pluck=True)
	)
	return found[0] if found else None


@frappe.whitelist(methods=["POST"])
@limit_portal_writes("agency_portal_writes_per_hour", PORTAL_WRITES_PER_HOUR)
def add_message(name: str, message: str) -> None:
	"""A message from the client on the complaint: kept as a received communication, shown to staff."""
	portal_user_only()
	doc = readable_complaint(name)
	message = checked_text(message, _("Message"), required=True)
	user = frappe.session.user
	frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Other",
			"sent_or_received": "Received",
			"subject": doc.subject,
			"content": plain_text_as_html(message),
			"sender": user,
			"sender_full_name": frappe.utils.get_fullname(user),
			"reference_doctype": doc.doctype,
			"reference_name": doc.name,
			"status": "Open",
		}
	).insert(ignore_permissions=True)
	# told in the background, after the message is stored: the client's request does not wait for it
	frappe.enqueue(
		"agency_service.complaints.escalation.announce_client_message",
		name=doc.name,
		sender=user,
		enqueue_after_commit=True,
		now=frappe.flags.in_test,
	)


@frappe.whitelist(methods=["POST"])
def decide(name: str, decision: str, note: str | None = None) -> str:
	"""Accept or reject the proposed solution."""
	portal_user_only()
	doc = readable_complaint(name)
	doc.decide(decision, checked_text(note, _("Note")))
	return doc.status


@frappe.whitelist(methods=["POST"])
def rate(name: str, satisfied: str, rating: int | str | None = None, comment: str | None = None) -> str:
	"""The client's verdict on the outcome: satisfied closes the complaint, not satisfied reopens it."""
	portal_user_only()
	doc = readable_complaint(name)
	comment = checked_text(comment, _("Comment"))
	if doc.status == "Resolved":
		doc.follow_up(satisfied, rating, comment)
	elif doc.status == "Closed" and not doc.client_rating:
		rating = flt(rating)
		if not 1 <= rating <= 5:
			throw(_("The rating is from 1 to 5 stars."))
		from agency_service.guard import controlled_change

		with controlled_change():
			doc.db_set({"client_rating": rating / 5}, notify=True)
	else:
		throw(_("The outcome can be rated once the complaint has been resolved."))
	return doc.status


@frappe.whitelist()
@frappe.read_only()
def deadlines_at_risk_card(filters: str | dict | None = None) -> dict:
	"""Number card: open complaints past a warning point or a deadline of their first response or resolution."""
	if access.is_portal_user():
		raise frappe.PermissionError
	frappe.has_permission(base.DOCTYPE, "read", throw=True)
	return {"value": metrics.count_at_risk(), "fieldtype": "Int"}


IMPROVEMENT_FIELDS = {
	"category": "Complaint Category",
	"title": "Title",
	"responsible": "Responsible",
	"due_date": "Due Date",
	"action_plan": "What Will Be Done",
}


@frappe.whitelist(methods=["POST"])
def create_improvement_action(values: str | dict, filters: str | dict | None = None) -> str:
	"""From the complaint analysis: an Improvement Action (``values``: category, title, responsible, due
	date, action plan) linked to the complaints of that category received in the analysed period
	(``filters``: the report's) that the user may read."""
	if access.is_portal_user():
		raise frappe.PermissionError
	frappe.has_permission("Improvement Action", "create", throw=True)
	values, filters = dict_argument(values), dict_argument(filters or {})
	if values is None or filters is None:
		refuse_value(_("Values") if values is None else _("Filters"))
	values = frappe._dict(values)
	for key, label in IMPROVEMENT_FIELDS.items():
		if not isinstance(values.get(key) or "", str):
			refuse_value(_(label))
	for key in ("from_date", "to_date"):
		if not isinstance(filters.get(key) or "", str):
			refuse_value(_("Filters"))
	category = values.category
	if not category or not frappe.db.exists("Complaint Category", category):
		throw(_("Complaint category {0} does not exist.").format(frappe.bold(category or "")))
	period = metrics.analysed_period(filters)
	complaints = frappe.get_list(
		base.DOCTYPE,
		filters={"category": category, "received_at": ["between", period]},
		fields=["name", "customer"],
		order_by="received_at desc",
		limit_page_length=MAX_PAGE_LENGTH,
	)
	action = frappe.get_doc(
		{
			"doctype": "Improvement Action",
			"title": values.title,
			"complaint_category": category,
			"responsible": values.responsible,
			"due_date": values.due_date,
			"action_plan": values.action_plan,
			"analysis_period": f"{period[0]} – {period[1]}",
			"complaints": [
				{"complaint": c.name, "customer": c.customer, "category": category} for c in complaints
			],
		}
	).insert()
	return action.name
