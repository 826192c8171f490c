"""Open sign-off requests from before approvers were fixed when a step opens.

* A pending request its document no longer points at (left behind by a second round opened around the
  engine) is cancelled, with its ToDos closed: nobody could finish it, and the overdue job kept
  reminding on it.
* The open step of every other pending request gets its approvers recorded, resolved as they stand now.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from agency_service.guard import controlled_change
from agency_service.signoff import engine, rules


def execute():
	for request in frappe.get_all(
		"Sign-off Request",
		filters={"status": rules.PENDING},
		fields=["name", "reference_doctype", "reference_name"],
	):
		if not frappe.db.exists(request.reference_doctype, request.reference_name):
			orphan(request.name, None)
			continue
		doc = frappe.get_doc(request.reference_doctype, request.reference_name)
		if doc.get("signoff_request") != request.name or doc.get("signoff_status") != rules.PENDING:
			orphan(request.name, doc)
			continue
		record_open_step(frappe.get_doc("Sign-off Request", request.name), doc)


def orphan(name: str, doc):
	request = frappe.get_doc("Sign-off Request", name)
	waiting = (request.pending_with or "").split("\n")
	with controlled_change():
		request.status = rules.CANCELLED
		request.completed_at = now_datetime()
		request.pending_with = ""
		request.cancellation_reason = _("Superseded by another sign-off round of the same document.")
		engine.save_request(request)
		if doc:
			engine.close_assignments(doc, waiting)


def record_open_step(request, doc):
	row = next((r for r in request.steps if r.step_no == request.current_step_no), None)
	if not row or row.approver_lines:
		return
	rule = frappe.get_doc("Sign-off Rule", request.rule)
	step = next((s for s in rule.steps if s.step_no == row.step_no), None)
	lines = rules.resolve_step(rule, step, doc) if step else []
	with controlled_change():
		row.approver_lines = frappe.as_json(lines, indent=None)
		row.step_fields = step.step_fields if step else None
		engine.save_request(request)
