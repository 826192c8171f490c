"""Action items of visit minutes (Client Visit Action Item): which of them are still open."""

import frappe

from agency_service.visits.rules import VISIT


def open_action_items():
	"""The open action items of submitted visits, as ``(query, Client Visit, Client Visit Action Item)``:
	the one join behind every list of what a visit left to do (callers add their select and conditions)."""
	visit, item = frappe.qb.DocType(VISIT), frappe.qb.DocType("Client Visit Action Item")
	query = (
		frappe.qb.from_(item)
		.join(visit)
		.on(visit.name == item.parent)
		.where((visit.docstatus == 1) & (item.status == "Open"))
	)
	return query, visit, item
