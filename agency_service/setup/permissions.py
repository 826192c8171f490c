"""Desk access of the app's roles to ERPNext's Customer and Contact, by permlevel (``setup.custom_fields``)."""

import frappe
from frappe.permissions import add_permission, update_permission_property

from agency_service.roles import (
	ACCOUNT_DIRECTOR,
	ACCOUNT_MANAGER,
	ACCOUNT_TEAM,
	AGENCY_MANAGEMENT,
	ALL_ROLES,
	BUSINESS_READERS,
	CLIENT_SERVICE_HEAD,
	CONTRACT_READERS,
	CREDIT_MANAGERS,
	CREDIT_READERS,
	LEGAL_READERS,
	LEGAL_REVIEWER,
	TIER_MANAGERS,
)
from agency_service.setup.custom_fields import (
	BUSINESS_PERMLEVEL,
	CREDIT_PERMLEVEL,
	LEGAL_PERMLEVEL,
	PRIVATE_NOTES_PERMLEVEL,
	TIER_PERMLEVEL,
)

# Host roles that already read customers and should keep seeing the client-service fields.
HOST_CUSTOMER_READERS = (
	"Sales User",
	"Sales Manager",
	"Sales Master Manager",
	"Accounts User",
	"Accounts Manager",
)
# Host roles that keep reading a client's credit: accounting works with credit limits.
HOST_CREDIT_READERS = ("Accounts User", "Accounts Manager")


def sync_permissions():
	"""Give the app's roles their desk access to Customer and Contact, with the permlevels above.

	Only adds or widens rows; an administrator's later additions are kept.
	"""
	for doctype in PERMISSION_DOCTYPES:
		if not frappe.db.exists("Custom DocPerm", {"parent": doctype}):
			# still Frappe's standard permissions: the uninstall makes it standard again
			frappe.db.set_default(standard_perms_key(doctype), "1")
	# Credit managers write the credit rating and ERPNext's credit limits, both on the Customer form.
	customer_writers = (*ACCOUNT_TEAM, *TIER_MANAGERS, *CREDIT_MANAGERS)
	for role in ALL_ROLES:
		grant("Customer", role, 0, write=role in customer_writers, create=role in customer_writers)
		grant("Customer", role, TIER_PERMLEVEL, write=role in TIER_MANAGERS)
		grant("Contact", role, 0, write=role in ACCOUNT_TEAM, create=role in ACCOUNT_TEAM)
	for role in (*HOST_CUSTOMER_READERS, "System Manager"):
		grant("Customer", role, TIER_PERMLEVEL, write=role == "System Manager")
	for role in (*ACCOUNT_TEAM, "System Manager"):
		grant("Contact", role, PRIVATE_NOTES_PERMLEVEL, write=True)
	# the archive's parts, each read by its department only (004 §6.3)
	scoped = (
		(CREDIT_PERMLEVEL, (*CREDIT_READERS, *HOST_CREDIT_READERS), CREDIT_MANAGERS),
		(LEGAL_PERMLEVEL, LEGAL_READERS, (LEGAL_REVIEWER,)),
		(BUSINESS_PERMLEVEL, BUSINESS_READERS, ACCOUNT_TEAM),
	)
	for permlevel, readers, writers in scoped:
		for role in (*readers, "System Manager"):
			grant("Customer", role, permlevel, write=role in writers or role == "System Manager")
		revoke("Customer", permlevel, keep=(*readers, "System Manager"))
	# contracts: the account managers and directors draft them, Legal reviews them (004 §5.2); the signing
	# (submit) is Legal's, the director's or management's, and only after the legal review is signed off
	contract_writers = (LEGAL_REVIEWER, ACCOUNT_MANAGER, ACCOUNT_DIRECTOR, CLIENT_SERVICE_HEAD)
	for role in CONTRACT_READERS:
		grant("Contract", role, 0, write=role in contract_writers, create=role in contract_writers)
	for role in (LEGAL_REVIEWER, ACCOUNT_DIRECTOR, AGENCY_MANAGEMENT):
		grant("Contract", role, 0, submit=True)


PERMISSION_DOCTYPES = ("Customer", "Contact", "Contract")


def standard_perms_key(doctype: str) -> str:
	return f"agency_service_standard_perms:{doctype}"


def revoke(doctype: str, permlevel: int, keep: tuple[str, ...]):
	"""Take a permission level away from the app's roles and the host's customer readers not in ``keep``."""
	others = [r for r in (*ALL_ROLES, *HOST_CUSTOMER_READERS) if r not in keep]
	frappe.db.delete("Custom DocPerm", {"parent": doctype, "permlevel": permlevel, "role": ("in", others)})
	frappe.clear_cache(doctype=doctype)


def grant(
	doctype: str, role: str, permlevel: int, write: bool = False, create: bool = False, submit: bool = False
):
	# add_permission copies the standard permissions into Custom DocPerm first, so no host role loses access.
	add_permission(doctype, role, permlevel)
	rights = {"read": 1, "report": 1 if permlevel == 0 else 0}
	if write:
		rights["write"] = 1
	if create:
		rights["create"] = 1
	if submit:
		rights.update(submit=1, cancel=1, amend=1)
	for ptype, value in rights.items():
		if value and not frappe.db.get_value(
			"Custom DocPerm", {"parent": doctype, "role": role, "permlevel": permlevel}, ptype
		):
			update_permission_property(doctype, role, permlevel, ptype, value, validate=False)
