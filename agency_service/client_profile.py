"""The client archive (客户档案) on ERPNext's own Customer and Contact.

Customer gains the client's tier, account team, admission status, credit rating and service figures;
Contact gains the person's role in the client, birthday, communication preference and notes private to
the account team. The fields are custom fields created in code (``get_custom_fields``) by
``install.sync_client_service_setup``, which runs after install and after every migrate, so a site always
matches this file. Field-level access is by permlevel:

* permlevel 1 — tier, tier lock and account team on Customer; private notes on Contact.
  Everyone who serves clients reads it; only ``TIER_MANAGERS`` write the Customer part and only the
  ``ACCOUNT_TEAM`` reads or writes Contact private notes.
* permlevel 2 — credit rating on Customer: written by ``CREDIT_MANAGERS`` only.
"""

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.permissions import add_permission, update_permission_property

from agency_service.roles import (
	ACCOUNT_TEAM,
	ALL_ROLES,
	CREDIT_MANAGERS,
	TIER_MANAGERS,
)

ADMISSION_STATUSES = ("", "Under Review", "Approved", "Rejected")
CREDIT_RATINGS = ("", "A", "B", "C", "D")
CLIENT_ROLES = ("", "Decision Maker", "Advertising Manager", "Project Contact", "Finance Contact", "Other")
COMMUNICATION_PREFERENCES = ("", "Phone", "WeChat", "Email", "In-Person Visit", "Video Call")

TIER_PERMLEVEL = 1
CREDIT_PERMLEVEL = 2
PRIVATE_NOTES_PERMLEVEL = 1

# Host roles that already read customers and should keep seeing the client-service fields.
HOST_CUSTOMER_READERS = (
	"Sales User",
	"Sales Manager",
	"Sales Master Manager",
	"Accounts User",
	"Accounts Manager",
)


class InvalidBirthdayError(frappe.ValidationError):
	pass


class TierLockReasonMissingError(frappe.ValidationError):
	pass


def get_custom_fields() -> dict[str, list[dict]]:
	return {
		"Customer": [
			{
				"fieldname": "agency_client_service_tab",
				"fieldtype": "Tab Break",
				"label": "Client Service",
				"insert_after": "portal_users",
			},
			{
				"fieldname": "client_tier",
				"fieldtype": "Link",
				"label": "Client Tier",
				"options": "Client Tier",
				"insert_after": "agency_client_service_tab",
				"in_standard_filter": 1,
				"in_list_view": 1,
				"permlevel": TIER_PERMLEVEL,
				"search_index": 1,
			},
			{
				"fieldname": "tier_score",
				"fieldtype": "Float",
				"label": "Tier Score",
				"insert_after": "client_tier",
				"read_only": 1,
				"precision": "1",
				"permlevel": TIER_PERMLEVEL,
			},
			{
				"fieldname": "tier_date",
				"fieldtype": "Date",
				"label": "Tier Set On",
				"insert_after": "tier_score",
				"read_only": 1,
				"permlevel": TIER_PERMLEVEL,
			},
			{
				"fieldname": "tier_locked",
				"fieldtype": "Check",
				"label": "Tier Locked",
				"insert_after": "tier_date",
				"description": "Keep this tier whatever the scorecard suggests",
				"permlevel": TIER_PERMLEVEL,
			},
			{
				"fieldname": "tier_lock_reason",
				"fieldtype": "Small Text",
				"label": "Tier Lock Reason",
				"insert_after": "tier_locked",
				"depends_on": "eval:doc.tier_locked",
				"mandatory_depends_on": "eval:doc.tier_locked",
				"permlevel": TIER_PERMLEVEL,
			},
			{
				"fieldname": "agency_team_column",
				"fieldtype": "Column Break",
				"label": "Account Team",
				"insert_after": "tier_lock_reason",
			},
			{
				"fieldname": "account_director",
				"fieldtype": "Link",
				"label": "Account Director",
				"options": "User",
				"insert_after": "agency_team_column",
				"permlevel": TIER_PERMLEVEL,
				"search_index": 1,
			},
			{
				"fieldname": "account_executive",
				"fieldtype": "Link",
				"label": "Account Executive",
				"options": "User",
				"insert_after": "account_director",
				"permlevel": TIER_PERMLEVEL,
				"search_index": 1,
				"description": "The account manager is ERPNext's Account Manager field in the Details tab",
			},
			{
				"fieldname": "admission_status",
				"fieldtype": "Select",
				"label": "Admission Status",
				"options": "\n".join(ADMISSION_STATUSES),
				"insert_after": "account_executive",
				"read_only": 1,
				"permlevel": TIER_PERMLEVEL,
			},
			{
				"fieldname": "credit_rating",
				"fieldtype": "Select",
				"label": "Credit Rating",
				"options": "\n".join(CREDIT_RATINGS),
				"insert_after": "admission_status",
				"permlevel": CREDIT_PERMLEVEL,
				"description": "A: excellent, B: good, C: watch, D: high risk",
			},
			{
				"fieldname": "agency_service_figures_section",
				"fieldtype": "Section Break",
				"label": "Service Figures",
				"insert_after": "credit_rating",
			},
			{
				"fieldname": "last_visit_date",
				"fieldtype": "Date",
				"label": "Last Visit",
				"insert_after": "agency_service_figures_section",
				"read_only": 1,
			},
			{
				"fieldname": "next_visit_date",
				"fieldtype": "Date",
				"label": "Next Visit Due",
				"insert_after": "last_visit_date",
				"read_only": 1,
			},
			{
				"fieldname": "last_survey_date",
				"fieldtype": "Date",
				"label": "Last Satisfaction Survey",
				"insert_after": "next_visit_date",
				"read_only": 1,
			},
			{
				"fieldname": "agency_figures_column",
				"fieldtype": "Column Break",
				"insert_after": "last_survey_date",
			},
			{
				"fieldname": "csat",
				"fieldtype": "Percent",
				"label": "CSAT",
				"insert_after": "agency_figures_column",
				"read_only": 1,
				"description": "Share of satisfied answers (4–5 of 5) in the client's surveys",
			},
			{
				"fieldname": "nps",
				"fieldtype": "Float",
				"label": "NPS",
				"insert_after": "csat",
				"read_only": 1,
				"precision": "1",
				"description": "Promoters (9–10) minus detractors (0–6), in percentage points",
			},
		],
		"Contact": [
			{
				"fieldname": "agency_client_relation_section",
				"fieldtype": "Section Break",
				"label": "Client Relationship",
				"insert_after": "unsubscribed",
				"collapsible": 0,
			},
			{
				"fieldname": "client_role",
				"fieldtype": "Select",
				"label": "Role in Client",
				"options": "\n".join(CLIENT_ROLES),
				"insert_after": "agency_client_relation_section",
				"in_standard_filter": 1,
			},
			{
				"fieldname": "communication_preference",
				"fieldtype": "Select",
				"label": "Communication Preference",
				"options": "\n".join(COMMUNICATION_PREFERENCES),
				"insert_after": "client_role",
			},
			{
				"fieldname": "greeting_opt_out",
				"fieldtype": "Check",
				"label": "No Greetings",
				"insert_after": "communication_preference",
				"description": "Do not send this contact birthday or holiday greetings",
			},
			{
				"fieldname": "agency_birthday_column",
				"fieldtype": "Column Break",
				"insert_after": "greeting_opt_out",
			},
			{
				"fieldname": "birthday_month",
				"fieldtype": "Int",
				"label": "Birthday Month",
				"insert_after": "agency_birthday_column",
				"description": "1–12; the year is not recorded",
			},
			{
				"fieldname": "birthday_day",
				"fieldtype": "Int",
				"label": "Birthday Day",
				"insert_after": "birthday_month",
			},
			{
				"fieldname": "agency_private_notes_section",
				"fieldtype": "Section Break",
				"label": "Private Notes",
				"insert_after": "birthday_day",
				"permlevel": PRIVATE_NOTES_PERMLEVEL,
			},
			{
				"fieldname": "private_notes",
				"fieldtype": "Text Editor",
				"label": "Private Notes",
				"insert_after": "agency_private_notes_section",
				"permlevel": PRIVATE_NOTES_PERMLEVEL,
				"description": "Visible to the account team only. Record only what the relationship needs.",
			},
		],
	}


def sync_custom_fields():
	create_custom_fields(get_custom_fields(), ignore_validate=True, update=True)


def sync_permissions():
	"""Give the app's roles their desk access to Customer and Contact, with the permlevels above.

	Only adds or widens rows; an administrator's later additions are kept.
	"""
	# Credit managers write the credit rating and ERPNext's credit limits, both on the Customer form.
	customer_writers = (*ACCOUNT_TEAM, *TIER_MANAGERS, *CREDIT_MANAGERS)
	for role in ALL_ROLES:
		grant("Customer", role, 0, write=role in customer_writers, create=role in customer_writers)
		grant("Customer", role, TIER_PERMLEVEL, write=role in TIER_MANAGERS)
		grant("Customer", role, CREDIT_PERMLEVEL, write=role in CREDIT_MANAGERS)
		grant("Contact", role, 0, write=role in ACCOUNT_TEAM, create=role in ACCOUNT_TEAM)
	for role in (*HOST_CUSTOMER_READERS, "System Manager"):
		grant("Customer", role, TIER_PERMLEVEL, write=role == "System Manager")
		grant("Customer", role, CREDIT_PERMLEVEL, write=role == "System Manager")
	for role in (*ACCOUNT_TEAM, "System Manager"):
		grant("Contact", role, PRIVATE_NOTES_PERMLEVEL, write=True)


def grant(doctype: str, role: str, permlevel: int, write: bool = False, create: bool = False):
	# add_permission copies the standard permissions into Custom DocPerm first, so no host role loses access.
	add_permission(doctype, role, permlevel)
	rights = {"read": 1, "report": 1 if permlevel == 0 else 0}
	if write:
		rights["write"] = 1
	if create:
		rights["create"] = 1
	for ptype, value in rights.items():
		if value and not frappe.db.get_value(
			"Custom DocPerm", {"parent": doctype, "role": role, "permlevel": permlevel}, ptype
		):
			update_permission_property(doctype, role, permlevel, ptype, value, validate=False)


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


def is_contact_of(contact: str, customer: str) -> bool:
	return bool(
		frappe.db.exists(
			"Dynamic Link",
			{"parenttype": "Contact", "parent": contact, "link_doctype": "Customer", "link_name": customer},
		)
	)
