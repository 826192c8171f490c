"""The client portal's brief API (/work/<name>): a client's contacts read the requirement list of their
company's work order and submit their own requirements, each with its priority, and reference files.

Like the rest of /work: the logged-in portal user only, the work order read as stored through
``api.work.readable_work_order`` (another client's work order answers as one that does not exist)."""

import frappe
from frappe import _

from agency_service.api import portal, work
from agency_service.api.guard import json_argument, limit_portal_writes
from agency_service.delivery import briefs

MAX_FILES = 5
MAX_FILE_MB = 10
PORTAL_WRITES_PER_HOUR = 60


@frappe.whitelist()
@frappe.read_only()
def get_brief(name: str) -> dict | None:
	"""The brief of the work order as the client sees it: type, due date, the requirements and priorities
	(the agency's own notes on feasibility, cost and effect stay in the desk)."""
	work.portal_user_only()
	return brief_for_client(work.readable_work_order(name).name)


def brief_for_client(work_order: str) -> dict | None:
	brief = briefs.brief_of(work_order)
	if not brief:
		return None
	doc = frappe.get_doc(briefs.BRIEF, brief)
	return {
		"brief_type_label": _(doc.brief_type),
		"needed_by": doc.needed_by,
		"objective": doc.objective,
		"requirements": [
			{
				"requirement": row.requirement,
				"priority": row.priority,
				"priority_label": _(row.priority),
				"from_client": row.from_client,
			}
			for row in doc.requirements
		],
		"priorities": [{"value": p, "label": _(p)} for p in briefs.PRIORITIES],
	}


@frappe.whitelist(methods=["POST"])
@limit_portal_writes("agency_portal_writes_per_hour", PORTAL_WRITES_PER_HOUR)
def submit_requirements(name: str, requirements: str | list) -> int:
	"""Add the client's requirement list (JSON: ``[{"requirement": …, "priority": "Must"}, …]``) to the
	work order's brief, with reference files sent as multipart ``attachments``; returns how many."""
	work.portal_user_only()
	doc = work.readable_work_order(name)
	brief = briefs.brief_of(doc.name)
	if not brief:
		briefs.throw(_("Your account team has not opened the brief of this work yet: please contact them."))
	rows = json_argument(requirements, _("Requirements"))
	files = portal.read_uploads(portal.uploaded_files(), MAX_FILES, MAX_FILE_MB, briefs.throw)
	count = briefs.add_client_requirements(brief, rows)
	portal.attach_uploads(files, briefs.BRIEF, brief)
	return count
