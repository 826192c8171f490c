"""Uninstall: remove exactly what install added to ERPNext's own doctypes and settings.

Custom fields (``setup.custom_fields``), the property setters the app made, the permission rows it gave
its roles (and the permlevel rows it gave host roles) on Customer, Contact and Contract, the deadlines agreements of
Client Complaint, the e-mail templates it shipped, and the Support Settings value it forced, put back to
what it was before. Frappe removes the app's own doctypes and their records itself."""

import frappe

from agency_service.care.setup import SHIPPED_TEMPLATES as CARE_TEMPLATES
from agency_service.complaints.agreements import agreement_fields
from agency_service.complaints.base import DOCTYPE as COMPLAINT
from agency_service.receivables.setup import REMINDER_TEMPLATE
from agency_service.roles import ACCOUNT_TEAM, ALL_ROLES
from agency_service.setup.custom_fields import (
	BUSINESS_PERMLEVEL,
	CREDIT_PERMLEVEL,
	LEGAL_PERMLEVEL,
	PRIVATE_NOTES_PERMLEVEL,
	TIER_PERMLEVEL,
	get_custom_fields,
)
from agency_service.setup.forced_settings import FORCED_SETTINGS
from agency_service.setup.permissions import HOST_CUSTOMER_READERS, PERMISSION_DOCTYPES, standard_perms_key
from agency_service.surveys.scores import INVITATION_EMAIL_TEMPLATE

# Property setters the app makes: (doctype, field or None for the doctype itself, property)
PROPERTY_SETTERS = (
	("Customer", "credit_limits", "permlevel"),
	("Issue Priority", None, "translated_doctype"),
)


def before_uninstall():
	remove_custom_fields()
	remove_property_setters()
	remove_permissions()
	restore_forced_settings()
	remove_from_global_search()
	for name in frappe.get_all("Service Level Agreement", {"document_type": COMPLAINT}, pluck="name"):
		frappe.delete_doc("Service Level Agreement", name, ignore_permissions=True, force=True)
	for name in (*(t[0] for t in CARE_TEMPLATES), REMINDER_TEMPLATE, INVITATION_EMAIL_TEMPLATE):
		# the app's own settings still link them: they go with the app's doctypes right after this
		frappe.delete_doc_if_exists("Email Template", name, force=True)


def remove_from_global_search():
	"""Undo ``delivery.setup.allow_in_global_search``."""
	searched = frappe.get_hooks("global_search_doctypes", app_name="agency_service").get("Default", [])
	doctypes = [entry["doctype"] for entry in searched]
	if doctypes:
		frappe.db.delete("Global Search DocType", {"document_type": ("in", doctypes)})
		frappe.cache.hdel("global_search", "search_priorities")


def remove_custom_fields():
	for doctype, fields in (*get_custom_fields().items(), (COMPLAINT, agreement_fields())):
		frappe.db.delete(
			"Custom Field", {"dt": doctype, "fieldname": ("in", [f["fieldname"] for f in fields])}
		)
		frappe.clear_cache(doctype=doctype)


def remove_property_setters():
	for doctype, fieldname, prop in PROPERTY_SETTERS:
		filters = {"doc_type": doctype, "property": prop}
		if fieldname:
			filters["field_name"] = fieldname
		frappe.db.delete("Property Setter", filters)
		frappe.clear_cache(doctype=doctype)


def remove_permissions():
	"""The rows install added; a doctype left with only copies of its standard rows is standard again."""
	added = {
		"Customer": [
			(role, level)
			for role in (*HOST_CUSTOMER_READERS, "System Manager")
			for level in (TIER_PERMLEVEL, CREDIT_PERMLEVEL, LEGAL_PERMLEVEL, BUSINESS_PERMLEVEL)
		],
		"Contact": [(role, PRIVATE_NOTES_PERMLEVEL) for role in (*ACCOUNT_TEAM, "System Manager")],
		"Contract": [],
	}
	for doctype in PERMISSION_DOCTYPES:
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": ("in", list(ALL_ROLES))})
		for role, level in added[doctype]:
			frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": role, "permlevel": level})
		was_standard = frappe.db.get_default(standard_perms_key(doctype))
		if was_standard or permission_rows("Custom DocPerm", doctype) == permission_rows("DocPerm", doctype):
			# Frappe's copies of the standard rows (made by the first grant) go too
			frappe.db.delete("Custom DocPerm", {"parent": doctype})
		frappe.defaults.clear_default(standard_perms_key(doctype))
		frappe.clear_cache(doctype=doctype)


def permission_rows(table: str, doctype: str) -> list[tuple]:
	rights = ("role", "permlevel", "if_owner", "read", "write", "create", "delete", "submit", "cancel")
	rights += ("amend", "report", "export", "import", "share", "print", "email", "select")
	return sorted(tuple(row) for row in frappe.get_all(table, {"parent": doctype}, rights, as_list=True))


def restore_forced_settings():
	for doctype, fieldname, key in FORCED_SETTINGS:
		prior = frappe.db.get_default(key)
		if prior is not None:
			frappe.db.set_single_value(doctype, fieldname, int(prior))
			frappe.defaults.clear_default(key)
