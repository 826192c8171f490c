"""Host settings the app needs set a certain way, and what they were before (put back on uninstall)."""

import frappe

# Settings the app forces, with the default that keeps what a site had before: (doctype, field, key)
FORCED_SETTINGS = (("Support Settings", "track_service_level_agreement", "agency_service_prior_track_sla"),)


def remember_forced_setting(doctype: str, fieldname: str, value):
	"""Set a host setting the app needs, keeping what it was the first time (for uninstall)."""
	key = next(k for d, f, k in FORCED_SETTINGS if (d, f) == (doctype, fieldname))
	if frappe.db.get_default(key) is None:
		frappe.db.set_default(key, str(frappe.db.get_single_value(doctype, fieldname) or 0))
	frappe.db.set_single_value(doctype, fieldname, value)
