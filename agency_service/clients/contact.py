"""ERPNext's Contact, with its private notes kept to the account team of the contact's client.

Frappe gives a permission level to roles, not to records: every Account Executive would read the
private notes of every client's contacts. This class takes the private-notes level away, for reading
and for writing, from users who are not on the team of one of the contact's clients; every read of a
record (the form, REST, ``frappe.client.get``) and every save goes through ``get_permlevel_access``."""

import frappe
from frappe.contacts.doctype.contact.contact import Contact

from agency_service.clients.access import reads_private_notes_of
from agency_service.setup.custom_fields import PRIVATE_NOTES_PERMLEVEL


class AgencyContact(Contact):
	def get_permlevel_access(self, permission_type="write"):
		levels = super().get_permlevel_access(permission_type)
		if PRIVATE_NOTES_PERMLEVEL in levels and not reads_private_notes_of(frappe.session.user, self):
			levels = [level for level in levels if level != PRIVATE_NOTES_PERMLEVEL]
		return levels
