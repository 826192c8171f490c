"""Who may see a complaint: a client's portal users their own company's only (permission hooks)."""

import frappe

from agency_service.clients.profile import contact_client_links

# --- who may see a complaint -----------------------------------------------------------------------


def is_portal_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user in ("Administrator",):
		return False
	return frappe.get_cached_value("User", user, "user_type") != "System User"


def clients_of(user: str | None = None) -> list[str]:
	"""The clients a portal user speaks for: through their Contact's links, and ERPNext's portal users."""
	user = user or frappe.session.user
	if not user or user == "Guest":
		return []
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
	user = user or frappe.session.user
	if not is_portal_user(user):
		return None
	if ptype not in ("read", "print"):
		return False
	return bool(doc.get("customer")) and doc.customer in clients_of(user)
