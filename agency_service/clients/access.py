"""Who reads a client's private parts (004 §6.3): the brand file, its competitor data and the contacts'
private notes belong to the client's own account team (its account director, manager and executive, and
the file's keeper), the Client Service Head and Agency Management; nobody else.

Row-level rules through Frappe's permission hooks (``permission_query_conditions`` for every list,
count, report, search and group-by; ``has_permission`` for every read of one record: the form, REST,
print and the files attached to it), so each way in obeys the same rule."""

import frappe
from frappe.query_builder import DocType

from agency_service.roles import ARCHIVE_KEEPERS

TEAM_FIELDS = ("account_director", "account_manager", "account_executive")


def reads_every_archive(user: str) -> bool:
	return user == "Administrator" or bool(set(frappe.get_roles(user)) & set(ARCHIVE_KEEPERS))


def serves_client(user: str, customer: str | None) -> bool:
	"""``user`` is on the account team of ``customer``."""
	if not customer:
		return False
	team = frappe.db.get_value("Customer", customer, TEAM_FIELDS)
	return bool(team) and user in team


def clients_served_by(user: str):
	"""A ``frappe.qb`` subquery: the clients whose account team ``user`` is on."""
	customer = DocType("Customer")
	return (
		frappe.qb.from_(customer)
		.select(customer.name)
		.where(
			(customer.account_director == user)
			| (customer.account_manager == user)
			| (customer.account_executive == user)
		)
	)


# --- the brand file --------------------------------------------------------------------------------


def brand_file_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if reads_every_archive(user):
		return ""
	brand_file = DocType("Brand File")
	condition = (brand_file.keeper == user) | brand_file.customer.isin(clients_served_by(user))
	return condition.get_sql(quote_char="`", with_namespace=True)


def brand_file_has_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	"""Refuse a brand file outside the user's clients; within them, the role's rights decide."""
	user = user or frappe.session.user
	if reads_every_archive(user) or not doc.get("customer"):
		return None
	if doc.get("keeper") == user or serves_client(user, doc.customer):
		return None
	return False


# --- private notes on the client's contacts ----------------------------------------------------------


def reads_private_notes_of(user: str, contact) -> bool:
	"""The contact is a contact of one of the user's clients (or the user reads every archive)."""
	if reads_every_archive(user):
		return True
	clients = [row.link_name for row in contact.get("links") or [] if row.link_doctype == "Customer"]
	if not clients:
		return True  # not a client's contact: no account team to keep it to
	customer = DocType("Customer")
	return bool(
		frappe.qb.from_(customer)
		.select(customer.name)
		.where(customer.name.isin(clients) & customer.name.isin(clients_served_by(user)))
		.limit(1)
		.run()
	)
