"""Whether a contact belongs to a client (its Dynamic Link to the Customer)."""

import frappe
from frappe import _


class NotTheClientsContactError(frappe.ValidationError):
	pass


def check_contact_of(contact: str | None, customer: str | None):
	if contact and not frappe.db.exists(
		"Dynamic Link",
		{"parenttype": "Contact", "parent": contact, "link_doctype": "Customer", "link_name": customer},
	):
		frappe.throw(
			_("{0} is not a contact of this client.").format(frappe.bold(contact)),
			title=_("Wrong Contact"),
			exc=NotTheClientsContactError,
		)
