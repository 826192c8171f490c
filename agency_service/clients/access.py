"""Who reads a client's private parts (004 §6.3): the brand file, its competitor data and the contacts'
private notes belong to the client's own account team (its account director, manager and executive, and
the file's keeper), the Client Service Head and Agency Management; nobody else.

Row-level rules through Frappe's permission hooks (``permission_query_conditions`` for every list,
count, report, search and group-by; ``has_permission`` for every read of one record: the form, REST,
print and the files attached to it), so each way in obeys the same rule."""

import functools

import frappe
from frappe.core.doctype.file.file import File
from frappe.model.document import Document
from frappe.query_builder import DocType

from agency_service.delivery.attachments import check_attached_file
from agency_service.roles import ACCOUNT_TEAM, ARCHIVE_KEEPERS, LEGAL_READERS
from agency_service.setup.custom_fields import LEGAL_PERMLEVEL, get_custom_fields

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


# --- the legal part's files (licences on the Customer) --------------------------------------------------


@functools.cache
def legal_file_fields() -> frozenset[str]:
	"""The Customer's attachment fields of the legal part: whoever may not read that part of the form may
	not download what is attached through it either."""
	return frozenset(
		field["fieldname"]
		for field in get_custom_fields()["Customer"]
		if field.get("permlevel") == LEGAL_PERMLEVEL and field["fieldtype"] in ("Attach", "Attach Image")
	)


def reads_legal_part(user: str) -> bool:
	return user == "Administrator" or bool(set(frappe.get_roles(user)) & set(LEGAL_READERS))


def legal_file_refused(file, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if file.attached_to_doctype != "Customer" or file.attached_to_field not in legal_file_fields():
		return False
	return not reads_legal_part(user)


def file_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""File lists and searches leave out the licences for whoever may not read the legal part."""
	if reads_legal_part(user or frappe.session.user):
		return ""
	fields = ", ".join(frappe.db.escape(f) for f in sorted(legal_file_fields()))
	return (
		"(ifnull(`tabFile`.`attached_to_doctype`, '') != 'Customer'"
		f" or ifnull(`tabFile`.`attached_to_field`, '') not in ({fields}))"
	)


def file_has_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	"""A File record (``/api/resource/File``, the desk's attachments): Frappe checks read access to the
	document it is attached to, not the permission level of the field; a licence asks for the legal part."""
	return False if legal_file_refused(doc, user) else None


class ArchiveFile(File):
	"""Frappe's File; a private file's URL (``/private/files/…``) is downloadable only when the same rule
	as for the record allows it — Frappe's own check there calls no permission hook. A new file attached
	to one of the app's documents is never a program (``delivery.attachments``)."""

	def before_insert(self):
		# a program attached to one of the app's documents is refused before Frappe stores or reads it
		check_attached_file(self)
		super().before_insert()

	def is_downloadable(self):
		return not legal_file_refused(self) and super().is_downloadable()
