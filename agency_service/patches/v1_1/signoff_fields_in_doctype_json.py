"""The app's own signable doctypes carry their sign-off fields in their JSON now: drop the Custom Field
rows that used to add them at run time. The columns and every stored value stay as they are."""

import frappe

DOCTYPES = ("Client Admission", "Client Work Order", "Client Complaint", "Client Tier Change")
FIELDNAMES = ("signoff_section", "signoff_status", "signoff_request")


def execute():
	for doctype in DOCTYPES:
		frappe.db.delete("Custom Field", {"dt": doctype, "fieldname": ("in", FIELDNAMES)})
		frappe.clear_cache(doctype=doctype)
