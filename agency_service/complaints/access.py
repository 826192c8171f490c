"""Who may see a complaint: a client's portal users their own company's only (permission hooks)."""

import frappe

from agency_service.clients.profile import contact_client_links
from agency_service.complaints.base import DOCTYPE

# --- who may see a complaint -----------------------------------------------------------------------


def is_portal_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user in ("Administrator",):
		return False
	return frappe.get_cached_value("User", user, "user_type") != "System User"


def clients_of(user: str | None = None) -> list[str]:
	"""The clients a portal user speaks for: through their Contact's links, and ERPNext's portal users.

	Asked several times in one request (the portal function, then the permission hooks of each read):
	read once per request and user."""
	user = user or frappe.session.user
	if not user or user == "Guest":
		return []
	if getattr(frappe.local, "request", None):
		known = getattr(frappe.local, "agency_clients_of", None)
		if known is None:
			known = frappe.local.agency_clients_of = {}
		if user not in known:
			known[user] = read_clients_of(user)
		return list(known[user])
	return read_clients_of(user)


def read_clients_of(user: str) -> list[str]:
	query, contact, link = contact_client_links()
	via_contact = query.select(link.link_name).where(contact.user == user).run(pluck=True)
	via_portal = frappe.get_all(
		"Portal User",
		filters={"user": user, "parenttype": "Customer"},
		pluck="parent",
		ignore_permissions=True,
	)
	return sorted(set(via_contact) | set(via_portal))


def permission_query_conditions(user=None, doctype=None) -> str:
	"""Every list, count, group-by and report query: a portal user sees their clients' complaints only."""
	user = user or frappe.session.user
	if not is_portal_user(user):
		return ""
	clients = clients_of(user)
	if not clients:
		return "1 = 0"
	values = ", ".join(frappe.db.escape(client) for client in clients)
	return f"`tabClient Complaint`.`customer` in ({values})"


def has_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	"""A portal user reads their clients' complaints. Another client's complaint is, for them, one that
	does not exist: the same error and message as an unknown name (not Frappe's "no access to this
	document: Client Complaint - CC-…", which would tell them the name exists)."""
	user = user or frappe.session.user
	if not is_portal_user(user):
		return None
	if not (doc.get("customer") and doc.customer in clients_of(user)):
		throw_not_found(doc.name)
	return ptype in ("read", "print")


def throw_not_found(name: str | None = None):
	"""Frappe's "does not exist" for a complaint, without the name: the name that matched (its stored
	spelling may differ from the one asked for) must not tell that it exists. An outsider's 404 gets its
	message from ``agency_service.api.guard.scrub_error_response``."""
	raise frappe.DoesNotExistError(doctype=DOCTYPE)
