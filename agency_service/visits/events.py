"""Document events on host doctypes: an action item's status follows its ToDo."""

import frappe
from frappe.query_builder import DocType

from agency_service.visits.rules import VISIT

# --- ToDo events ---------------------------------------------------------------------------------


def sync_action_item_from_todo(todo, method=None):
	"""ToDo.on_update: an action item's status follows its ToDo (closed, cancelled or reopened)."""
	if todo.reference_type != VISIT:
		return
	item = DocType("Client Visit Action Item")
	(
		frappe.qb.update(item)
		.set(item.status, todo.status)
		.where((item.todo == todo.name) & (item.status != todo.status))
		.run()
	)
