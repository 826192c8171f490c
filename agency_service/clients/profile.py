"""The client archive (客户档案) on ERPNext's own Customer and Contact: their document events and the one
contact ⇄ client join. The fields themselves are in ``setup.custom_fields``."""

import frappe
from frappe import _

from agency_service.clients.access import TEAM_FIELDS


class InvalidBirthdayError(frappe.ValidationError):
	pass


class TierLockReasonMissingError(frappe.ValidationError):
	pass


# --- document events ---------------------------------------------------------------------------


def validate_customer(doc, method=None):
	if doc.tier_locked and not (doc.tier_lock_reason or "").strip():
		frappe.throw(
			_("Give a reason for locking the tier of {0}.").format(
				frappe.bold(doc.customer_name or doc.name)
			),
			title=_("Tier Lock Reason Missing"),
			exc=TierLockReasonMissingError,
		)


def validate_contact(doc, method=None):
	validate_birthday(doc.birthday_month, doc.birthday_day)


def validate_birthday(month: int | None, day: int | None):
	"""A birthday is a day and month without a year; 29 February is a valid birthday."""
	if not month and not day:
		return
	if not month or not day:
		throw_birthday_error(_("Give both the month and the day of the birthday, or neither."))
	if not 1 <= month <= 12:
		throw_birthday_error(_("Birthday month must be between 1 and 12."))
	days_in_month = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
	if not 1 <= day <= days_in_month:
		throw_birthday_error(
			_("Birthday day must be between 1 and {0} for month {1}.").format(days_in_month, month)
		)


def throw_birthday_error(message: str):
	frappe.throw(message, title=_("Invalid Birthday"), exc=InvalidBirthdayError)


def contact_client_links():
	"""Contacts joined to the clients they are linked to, as ``(query, Contact, Dynamic Link)``: the one
	join behind every contact ⇄ client lookup (callers add their select and conditions)."""
	contact, link = frappe.qb.DocType("Contact"), frappe.qb.DocType("Dynamic Link")
	query = (
		frappe.qb.from_(contact)
		.join(link)
		.on((link.parent == contact.name) & (link.parenttype == "Contact"))
		.where(link.link_doctype == "Customer")
	)
	return query, contact, link


def contacts_of_enabled_clients():
	"""Contacts joined to the enabled clients they are linked to, as ``(query, Contact, Dynamic Link,
	Customer)`` (callers add their select and conditions)."""
	query, contact, link = contact_client_links()
	customer = frappe.qb.DocType("Customer")
	query = query.join(customer).on(customer.name == link.link_name).where(customer.disabled == 0)
	return query, contact, link, customer


def enabled_clients(*fields: str):
	"""The enabled clients with their name, client name, account team and ``fields`` of Customer, as
	``(query, Customer)``: the one query behind every "clients and who serves them" lookup (callers add
	joins, further fields and conditions)."""
	customer = frappe.qb.DocType("Customer")
	selected = ("name", "customer_name", *TEAM_FIELDS, *fields)
	query = frappe.qb.from_(customer).select(*(customer[field] for field in selected))
	return query.where(customer.disabled == 0), customer


def with_client(table, left: bool = False):
	"""Rows of ``table`` joined with their client on ``table.customer``, as ``(query, Customer)``: the one
	record ⇄ client join (``left`` keeps rows without a client; callers add their select)."""
	customer = frappe.qb.DocType("Customer")
	query = frappe.qb.from_(table)
	query = query.left_join(customer) if left else query.join(customer)
	return query.on(customer.name == table.customer), customer


def is_contact_of(contact: str, customer: str) -> bool:
	return bool(
		frappe.db.exists(
			"Dynamic Link",
			{"parenttype": "Contact", "parent": contact, "link_doctype": "Customer", "link_name": customer},
		)
	)
