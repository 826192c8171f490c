"""What the client portal's pages and APIs share (/complaints, /work): who may use them, the login
redirect of a page, and the files a client uploads (the check of a text a client sends is
``guard.checked_text``, shared with the desk's actions)."""

import os

import frappe
from frappe import _
from frappe.utils import escape_html

from agency_service.complaints.access import is_portal_user
from agency_service.delivery.attachments import refuse_executable


def portal_user_only(guest_message: str, staff_message: str):
	"""A logged-in client (portal user) only: a guest is asked to log in, staff are sent to the desk."""
	if frappe.session.user == "Guest":
		raise frappe.PermissionError(guest_message)
	if not is_portal_user():
		frappe.throw(staff_message, frappe.PermissionError)


def page(context, route: str, user_check, values: dict | None = None, **fixed):
	"""A portal page's context: a guest is sent to the login (and back to ``route``), anyone else must pass
	``user_check``; then ``values()`` (read only then) and ``fixed`` fill the context, with the sidebar."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to={frappe.utils.quote(route)}"
		raise frappe.Redirect
	user_check()
	context.update(values() if callable(values) else values or {})
	context.update(fixed, show_sidebar=True)
	return context


def record_page(context, section: str, section_title: str, user_check, values, title):
	"""The page of one record at /<section>/<name> (``page`` with ``values(name)``), titled ``title(context)``
	under its section's list."""
	name = frappe.form_dict.get("name")
	page(context, f"/{section}/{name or ''}", user_check, lambda: values(name))
	context.title = title(context)
	context.parents = [{"route": f"/{section}", "title": section_title}]
	return context


def uploaded_files() -> list:
	"""The files of this request's multipart ``attachments``."""
	request = getattr(frappe.local, "request", None)
	if not request or not request.files:
		return []
	return [f for f in request.files.getlist("attachments") if f and f.filename]


def read_uploads(files, max_files: int, max_mb: float, throw, extensions=None) -> list[tuple[str, bytes]]:
	"""Read and check every upload before anything is stored (one bad file stores nothing): at most
	``max_files``, each under ``max_mb``, never a program, of one of ``extensions`` when given; ``throw``
	refuses in the caller's terms. Returns ``(file name, content)`` pairs."""
	if len(files) > max_files:
		throw(_("Attach at most {0} files.").format(max_files))
	limit = int(max_mb * 1024 * 1024)
	checked = []
	for upload in files:
		name = os.path.basename(upload.filename)
		if extensions is not None and os.path.splitext(name)[1].lower() not in extensions:
			throw(_("{0}: this type of file cannot be attached.").format(escape_html(name)))
		content = upload.stream.read(limit + 1)
		refuse_executable(name, content, upload.mimetype)
		if len(content) > limit:
			throw(_("{0} is larger than {1} MB: attach a smaller file.").format(escape_html(name), max_mb))
		checked.append((name, content))
	return checked


def attach_uploads(files: list[tuple[str, bytes]], doctype: str, name: str):
	"""Store checked uploads as private files of the record (the caller checked the user's access)."""
	for file_name, content in files:
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"attached_to_doctype": doctype,
				"attached_to_name": name,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)
