"""The daily receivables watch: reminders to the client, the account manager and the director, each once per state."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import cint, escape_html, flt, fmt_money, now_datetime

from agency_service import notify
from agency_service.clients.profile import contact_client_links
from agency_service.receivables.ageing import overdue_invoices, state_key
from agency_service.receivables.setup import (
	BILLING_CONTACT_ROLE,
	CLIENT_LEVEL,
	DIRECTOR_LEVEL,
	MANAGER_LEVEL,
	REMINDER,
	REMINDER_TEMPLATE,
	SETTINGS,
)
from agency_service.surveys.links import in_language, survey_language

# --- the daily watch ---------------------------------------------------------------------------------


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
	query, contact, link = contact_client_links()
	rows = (
		query.select(
			contact.name,
			contact.email_id,
			contact.full_name,
			contact.user,
			contact.client_role,
			contact.is_primary_contact,
		)
		.where(
			(link.link_name == customer)
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
