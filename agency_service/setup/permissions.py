"""Desk access of the app's roles to ERPNext's Customer and Contact, by permlevel (``setup.custom_fields``)."""

import frappe
from frappe.permissions import add_permission, update_permission_property

from agency_service.roles import ACCOUNT_TEAM, ALL_ROLES, CREDIT_MANAGERS, TIER_MANAGERS
from agency_service.setup.custom_fields import CREDIT_PERMLEVEL, PRIVATE_NOTES_PERMLEVEL, TIER_PERMLEVEL

# Host roles that already read customers and should keep seeing the client-service fields.
HOST_CUSTOMER_READERS = (
	"Sales User",
	"Sales Manager",
	"Sales Master Manager",
	"Accounts User",
	"Accounts Manager",
)


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
