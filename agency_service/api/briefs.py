"""The client portal's brief API (/work/<name>): a client's contacts read the requirement list of their
company's work order and submit their own requirements, each with its priority, and reference files.

Like the rest of /work: the logged-in portal user only, the work order read as stored through
``api.work.readable_work_order`` (another client's work order answers as one that does not exist)."""

import os

import frappe
from frappe import _
from frappe.utils import escape_html

from agency_service.api import work
from agency_service.api.complaints import uploaded_files
from agency_service.api.guard import json_argument, limit_portal_writes
from agency_service.delivery import briefs
from agency_service.delivery.attachments import refuse_executable

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
	files = checked_files(uploaded_files())
	count = briefs.add_client_requirements(brief, rows)
	for file_name, content in files:
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"attached_to_doctype": briefs.BRIEF,
				"attached_to_name": brief,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)
	return count


def checked_files(files) -> list[tuple[str, bytes]]:
	"""Every reference file read and checked before anything is stored: a program is refused."""
	if len(files) > MAX_FILES:
		briefs.throw(_("Attach at most {0} files.").format(MAX_FILES))
	limit = MAX_FILE_MB * 1024 * 1024
	checked = []
	for upload in files:
		file_name = os.path.basename(upload.filename)
		content = upload.stream.read(limit + 1)
		refuse_executable(file_name, content, upload.mimetype)
		if len(content) > limit:
			briefs.throw(
				_("{0} is larger than {1} MB: attach a smaller file.").format(
					escape_html(file_name), MAX_FILE_MB
				)
			)
		checked.append((file_name, content))
	return checked
