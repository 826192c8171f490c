"""Who reads a client's private parts (004 §6.3): the brand file, its competitor data and the contacts'
private notes belong to the client's own account team (its account director, manager and executive, and
the file's keeper), the Client Service Head and Agency Management; nobody else.

Row-level rules through Frappe's permission hooks (``permission_query_conditions`` for every list,
count, report, search and group-by; ``has_permission`` for every read of one record: the form, REST,
print and the files attached to it), so each way in obeys the same rule."""

import frappe
from frappe.model.document import Document
from frappe.query_builder import DocType

from agency_service.roles import ACCOUNT_TEAM, ARCHIVE_KEEPERS

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


class BrandFileRow(Document):
	"""A row of a brand file read on its own (``/api/resource/Brand File Competitor/<row>``): Frappe checks
	a child row against its parent's role permissions only, never the parent record's own rules, so the
	row asks its brand file."""

	def has_permission(self, permtype="read", *, debug=False, user=None) -> bool:
		if self.flags.ignore_permissions:
			return True
		if not (self.parenttype and self.parent):
			return super().has_permission(permtype, debug=debug, user=user)
		parent = frappe.get_doc(self.parenttype, self.parent)
		return parent.has_permission(permtype, debug=debug, user=user)


# --- private notes on the client's contacts ----------------------------------------------------------


def contact_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Lists, reports, searches and ``get_value`` of contacts: an account-team member (who may read
	private notes at all) lists the contacts of their own clients and contacts of no client only, so no
	list or report column shows another team's private notes."""
	user = user or frappe.session.user
	if reads_every_archive(user) or not set(frappe.get_roles(user)) & set(ACCOUNT_TEAM):
		return ""
	# correlated EXISTS on the contact's own links (indexed by parent): cheap per listed contact, where
	# an IN over every client's links would read the whole link table
	team = " or ".join(f"c.`{field}` = {frappe.db.escape(user)}" for field in TEAM_FIELDS)
	client_link = (
		"from `tabDynamic Link` l where l.parent = `tabContact`.`name` and l.parenttype = 'Contact' "
		"and l.link_doctype = 'Customer'"
	)
	return (
		f"(not exists (select 1 {client_link}) or exists (select 1 {client_link} and exists "
		f"(select 1 from `tabCustomer` c where c.name = l.link_name and ({team}))))"
	)


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
