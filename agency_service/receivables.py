"""Credit and the receivables watch (信用额度 / 应收账款, seed 004 §5.1, DESIGN §8).

* Credit: the client's credit rating (A–D, a Customer field) and its credit limit per company on
  ERPNext's own *Customer Credit Limit* table, whose credit check on sales documents keeps working.
  Both sit at permlevel 2 on Customer: Credit Reviewer and Agency Management write them, the account
  team only reads them. ``set_client_credit`` is the same through one API call.
* The daily watch (``daily_long``) lists every client's overdue invoices (submitted, outstanding, past
  their due date) with their ageing, and sends **one** reminder per client — an email from the Email
  Template *Overdue Receivables Reminder* to the client's billing contact (its *Finance Contact*, else
  its primary contact), in the contact's language (zh, zh-TW or en), listing all overdue invoices.
  Past ``manager_escalation_days`` of the oldest overdue invoice the account manager is told, past
  ``director_escalation_days`` the account director. Each message is recorded as a *Receivables
  Reminder* with a fingerprint of the overdue invoices and amounts: the same state is never reminded
  twice at the same level; a new overdue invoice or a part payment is a new state. Optionally one
  draft ERPNext *Dunning* per client and currency lists the overdue invoices.
"""

import hashlib

import frappe
from frappe import _
from frappe.custom.doctype.property_setter.property_setter import make_property_setter
from frappe.query_builder import DocType
from frappe.utils import cint, date_diff, escape_html, flt, fmt_money, getdate, now_datetime, nowdate

from agency_service import notify
from agency_service.client_profile import CREDIT_PERMLEVEL, CREDIT_RATINGS
from agency_service.job_lock import runs_alone
from agency_service.surveys import in_language, survey_language

SETTINGS = "Scorecard and Receivables Settings"
REMINDER = "Receivables Reminder"
REMINDER_TEMPLATE = "Overdue Receivables Reminder"
CLIENT_LEVEL, MANAGER_LEVEL, DIRECTOR_LEVEL = (
	"Client Reminder",
	"Account Manager Escalation",
	"Account Director Escalation",
)
AGEING_BUCKETS = ((30, "1–30 Days Overdue"), (60, "31–60 Days Overdue"), (90, "61–90 Days Overdue"))
OVER_90 = "Over 90 Days Overdue"
NOT_DUE = "Not Yet Due"
BILLING_CONTACT_ROLE = "Finance Contact"

REMINDER_SUBJECT = '{{ _("Overdue invoices of {0}").format(customer_name) }}'
REMINDER_BODY = """<p>{{ _("Dear {0},").format(contact_name) }}</p>
<p>{{ _("According to our records, the following invoices of {0} are past their due date:").format(customer_name) }}</p>
<table border="1" cellpadding="4" cellspacing="0">
<tr><th>{{ _("Invoice") }}</th><th>{{ _("Invoice Date") }}</th><th>{{ _("Due Date") }}</th><th>{{ _("Days Overdue") }}</th><th>{{ _("Outstanding Amount") }}</th></tr>
{% for row in invoices %}<tr><td>{{ row.name }}</td><td>{{ row.posting_date }}</td><td>{{ row.due_date }}</td><td>{{ row.days_overdue }}</td><td>{{ row.outstanding }}</td></tr>
{% endfor %}</table>
<p>{{ _("Total overdue: {0}").format(total) }}</p>
<p>{{ _("Please arrange payment at your earliest convenience. If you have already paid, please disregard this reminder.") }}</p>
<p>{{ _("Kind regards,") }}<br>{{ company }}</p>"""


class CreditError(frappe.ValidationError):
	pass


# --- setup -----------------------------------------------------------------------------------------


def sync_receivables_setup():
	"""Idempotent: the reminder template, settings defaults and credit limits at the credit permlevel."""
	if not frappe.db.exists("Email Template", REMINDER_TEMPLATE):
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": REMINDER_TEMPLATE,
				"subject": REMINDER_SUBJECT,
				"use_html": 1,
				"response_html": REMINDER_BODY,
			}
		).insert(ignore_permissions=True)
	from agency_service.scorecard import DEFAULT_SETTINGS

	defaults = {
		**DEFAULT_SETTINGS,
		"receivables_watch_enabled": 1,
		"reminder_template": REMINDER_TEMPLATE,
		"manager_escalation_days": 15,
		"director_escalation_days": 45,
	}
	stored = frappe.db.get_singles_dict(SETTINGS)
	for key, value in defaults.items():
		if stored.get(key) in (None, ""):
			frappe.db.set_single_value(SETTINGS, key, value)
	# ERPNext's credit limits are written by whoever may set the credit rating, nobody else.
	if frappe.get_meta("Customer").get_field("credit_limits").permlevel != CREDIT_PERMLEVEL:
		make_property_setter(
			"Customer",
			"credit_limits",
			"permlevel",
			CREDIT_PERMLEVEL,
			"Int",
			validate_fields_for_doctype=False,
		)
		frappe.clear_cache(doctype="Customer")


def validate_settings(doc):
	manager, director = cint(doc.manager_escalation_days), cint(doc.director_escalation_days)
	if manager < 0 or director < 0:
		frappe.throw(_("Escalation days cannot be negative."), title=_("Invalid Receivables Settings"))
	if director and manager and director < manager:
		frappe.throw(
			_("The account director is told after the account manager: give at least {0} days.").format(
				manager
			),
			title=_("Invalid Receivables Settings"),
		)
	if doc.create_dunning and not doc.dunning_type:
		frappe.throw(
			_("Choose the Dunning Type to draft dunnings with."), title=_("Invalid Receivables Settings")
		)


# --- credit ----------------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def set_client_credit(
	customer: str, company: str, credit_limit: float, credit_rating: str | None = None
) -> dict:
	"""Set a client's credit limit for a company (ERPNext's Customer Credit Limit) and its credit rating."""
	doc = frappe.get_doc("Customer", customer)
	doc.check_permission("write")
	if CREDIT_PERMLEVEL not in doc.get_permlevel_access("write"):
		frappe.throw(
			_("Only a Credit Reviewer or Agency Management can set a client's credit."),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)
	limit = flt(credit_limit)
	if limit < 0:
		frappe.throw(_("The credit limit cannot be negative."), title=_("Invalid Credit"), exc=CreditError)
	if credit_rating not in (None, *CREDIT_RATINGS):
		frappe.throw(_("Credit rating must be A, B, C or D."), title=_("Invalid Credit"), exc=CreditError)
	if not frappe.db.exists("Company", company):
		frappe.throw(_("Company {0} does not exist.").format(frappe.bold(company)), exc=CreditError)
	row = next((r for r in doc.credit_limits if r.company == company), None)
	if row:
		row.credit_limit = limit
	else:
		doc.append("credit_limits", {"company": company, "credit_limit": limit})
	if credit_rating is not None:
		doc.credit_rating = credit_rating
	doc.save()
	return {"credit_rating": doc.credit_rating, "credit_limits": [r.as_dict() for r in doc.credit_limits]}


# --- overdue invoices and ageing ---------------------------------------------------------------------


def ageing_bucket(days_overdue: int) -> str:
	if days_overdue <= 0:
		return NOT_DUE
	for limit, label in AGEING_BUCKETS:
		if days_overdue <= limit:
			return label
	return OVER_90


def overdue_invoices(as_of=None, customers: list[str] | None = None) -> dict[str, list[frappe._dict]]:
	"""Per client, its submitted invoices with an outstanding amount past the due date, oldest first."""
	as_of = getdate(as_of or nowdate())
	invoice = DocType("Sales Invoice")
	query = (
		frappe.qb.from_(invoice)
		.select(
			invoice.name,
			invoice.customer,
			invoice.company,
			invoice.posting_date,
			invoice.due_date,
			invoice.currency,
			invoice.outstanding_amount,
			invoice.conversion_rate,
		)
		.where((invoice.docstatus == 1) & (invoice.outstanding_amount > 0) & (invoice.due_date < as_of))
		.orderby(invoice.customer)
		.orderby(invoice.due_date)
		.orderby(invoice.name)
	)
	if customers is not None:
		query = query.where(invoice.customer.isin(customers or [""]))
	by_client: dict[str, list[frappe._dict]] = {}
	for row in query.run(as_dict=True):
		row.days_overdue = date_diff(as_of, row.due_date)
		row.bucket = ageing_bucket(row.days_overdue)
		by_client.setdefault(row.customer, []).append(row)
	return by_client


def state_key(invoices: list[frappe._dict]) -> str:
	"""Fingerprint of what is overdue: the same invoices with the same outstanding amounts."""
	text = "|".join(
		f"{row.name}:{flt(row.outstanding_amount, 2)}" for row in sorted(invoices, key=lambda r: r.name)
	)
	return hashlib.sha256(text.encode()).hexdigest()[:32]


# --- the daily watch ---------------------------------------------------------------------------------


@runs_alone
def watch_receivables_job():
	watch_receivables()


def watch_receivables(as_of=None, customers: list[str] | None = None) -> dict:
	settings = frappe.get_cached_doc(SETTINGS)
	result = {"clients": 0, CLIENT_LEVEL: 0, MANAGER_LEVEL: 0, DIRECTOR_LEVEL: 0, "dunnings": 0}
	if not settings.receivables_watch_enabled:
		return result
	overdue = overdue_invoices(as_of, customers)
	result["clients"] = len(overdue)
	if not overdue:
		return result
	reminder = DocType(REMINDER)
	sent = {
		(row.customer, row.reminder_level, row.state_key)
		for row in frappe.qb.from_(reminder)
		.select(reminder.customer, reminder.reminder_level, reminder.state_key)
		.where(reminder.customer.isin(list(overdue)))
		.run(as_dict=True)
	}
	clients = {
		row.name: row
		for row in frappe.get_all(
			"Customer",
			filters={"name": ("in", list(overdue))},
			fields=["name", "customer_name", "account_manager", "account_director", "language", "disabled"],
		)
	}
	for customer, invoices in overdue.items():
		client = clients.get(customer)
		if not client or client.disabled:
			continue
		key = state_key(invoices)
		oldest = max(row.days_overdue for row in invoices)
		levels = [CLIENT_LEVEL]
		if settings.manager_escalation_days and oldest >= cint(settings.manager_escalation_days):
			levels.append(MANAGER_LEVEL)
		if settings.director_escalation_days and oldest >= cint(settings.director_escalation_days):
			levels.append(DIRECTOR_LEVEL)
		for level in levels:
			if (customer, level, key) in sent:
				continue
			recipient, dunning = send_level(level, client, invoices, settings)
			if recipient is None:
				continue
			if dunning:
				result["dunnings"] += 1
			record_reminder(client, level, key, recipient, invoices, oldest, dunning)
			result[level] += 1
	return result


def send_level(level: str, client, invoices, settings) -> tuple[str | None, str | None]:
	"""Send one level's message; returns (recipient, dunning) or (None, None) when nobody can receive it."""
	if level == CLIENT_LEVEL:
		contact = billing_contact(client.name)
		if not contact:
			return None, None
		dunning = make_dunnings(client.name, invoices, settings) if settings.create_dunning else None
		email_client(client, contact, invoices, settings)
		return contact.email_id, dunning
	user = client.account_manager if level == MANAGER_LEVEL else client.account_director
	if not user:
		return None, None
	subject = _("{0} has {1} overdue invoices ({2} days at the oldest)").format(
		client.customer_name, len(invoices), max(row.days_overdue for row in invoices)
	)
	content = invoice_list_html(invoices)
	notify.alert(user, subject, frappe._dict(doctype="Customer", name=client.name), content)
	notify.email([user], subject, content, reference_doctype="Customer", reference_name=client.name)
	return user, None


def billing_contact(customer: str) -> frappe._dict | None:
	"""The client's Finance Contact with an email address, else its primary contact, else any contact."""
	contact, link = DocType("Contact"), DocType("Dynamic Link")
	rows = (
		frappe.qb.from_(contact)
		.join(link)
		.on((link.parent == contact.name) & (link.parenttype == "Contact"))
		.select(
			contact.name,
			contact.email_id,
			contact.full_name,
			contact.user,
			contact.client_role,
			contact.is_primary_contact,
		)
		.where(
			(link.link_doctype == "Customer")
			& (link.link_name == customer)
			& contact.email_id.isnotnull()
			& (contact.email_id != "")
			& (contact.unsubscribed == 0)
		)
		.orderby(contact.name)
		.run(as_dict=True)
	)
	if not rows:
		return None
	primary = frappe.db.get_value("Customer", customer, "customer_primary_contact")
	rows.sort(
		key=lambda r: (
			r.client_role != BILLING_CONTACT_ROLE,
			r.name != primary,
			not r.is_primary_contact,
			r.name,
		)
	)
	return rows[0]


def email_client(client, contact, invoices, settings):
	lang = survey_language(
		frappe.db.get_value("User", contact.user, "language") if contact.user else None,
		client.language,
		frappe.db.get_single_value("System Settings", "language"),
	)
	template = settings.reminder_template or REMINDER_TEMPLATE
	with in_language(lang):
		email = frappe.get_doc("Email Template", template).get_formatted_email(
			{
				"contact_name": contact.full_name or contact.name,
				"customer_name": client.customer_name,
				"company": frappe.defaults.get_global_default("company") or "",
				"invoices": [
					{
						"name": row.name,
						"posting_date": frappe.utils.format_date(row.posting_date),
						"due_date": frappe.utils.format_date(row.due_date),
						"days_overdue": row.days_overdue,
						"outstanding": fmt_money(row.outstanding_amount, currency=row.currency),
					}
					for row in invoices
				],
				"total": totals_text(invoices),
			}
		)
	notify.email(
		[contact.email_id],
		email["subject"],
		email["message"],
		reference_doctype="Customer",
		reference_name=client.name,
	)


def totals_text(invoices) -> str:
	totals: dict[str, float] = {}
	for row in invoices:
		totals[row.currency] = totals.get(row.currency, 0) + flt(row.outstanding_amount)
	return ", ".join(fmt_money(amount, currency=currency) for currency, amount in sorted(totals.items()))


def invoice_list_html(invoices) -> str:
	lines = "".join(
		f"<li>{escape_html(row.name)}: {escape_html(fmt_money(row.outstanding_amount, currency=row.currency))}, "
		f"{escape_html(_('due {0}, {1} days overdue').format(frappe.utils.format_date(row.due_date), row.days_overdue))}</li>"
		for row in invoices
	)
	return f"<ul>{lines}</ul><p>{escape_html(_('Total overdue: {0}').format(totals_text(invoices)))}</p>"


def record_reminder(client, level, key, recipient, invoices, oldest, dunning):
	frappe.get_doc(
		{
			"doctype": REMINDER,
			"customer": client.name,
			"reminder_level": level,
			"sent_on": now_datetime(),
			"recipient": recipient,
			"invoice_count": len(invoices),
			"overdue_amount": sum(flt(r.outstanding_amount) * flt(r.conversion_rate or 1) for r in invoices),
			"oldest_days_overdue": oldest,
			"dunning": dunning,
			"invoices": "\n".join(r.name for r in invoices),
			"state_key": key,
		}
	).insert(ignore_permissions=True)


def make_dunnings(customer: str, invoices, settings) -> str | None:
	"""One draft ERPNext Dunning per currency listing the client's overdue invoices; returns the first."""
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import create_dunning

	first = None
	by_currency: dict[str, list] = {}
	for row in invoices:
		by_currency.setdefault(row.currency, []).append(row)
	for rows in by_currency.values():
		dunning = None
		for row in rows:
			dunning = create_dunning(row.name, target_doc=dunning, ignore_permissions=True)
		dunning.dunning_type = settings.dunning_type
		dunning.flags.ignore_permissions = True
		dunning.insert()
		first = first or dunning.name
	return first
