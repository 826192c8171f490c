"""Contracts (desk buttons and REST): a new version of a signed contract, and what it changes."""

import frappe

from agency_service.compliance.contracts import new_version, version_diff


@frappe.whitelist(methods=["POST"])
def new_contract_version(contract: str) -> str:
	"""A draft of the next version of a signed contract (the signed one stays in force until it is signed)."""
	frappe.has_permission("Contract", "create", throw=True)
	return new_version(contract)


@frappe.whitelist()
def contract_version_diff(contract: str) -> dict:
	"""The changes of a contract version against the signed version it replaces."""
	frappe.has_permission("Contract", "read", doc=contract, throw=True)
	return version_diff(contract)
