"""What the client portal's pages and APIs share (/complaints, /work): who may use them, the login
redirect of a page, and the check of a text a client sends."""

import frappe
from frappe import _
from frappe.utils import strip_html

from agency_service.complaints.access import is_portal_user

MAX_TEXT = 20000


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


def checked_text(value, label: str, required: bool = False, max_length: int = MAX_TEXT) -> str:
	"""The text a client sent, stripped; a clear error when it is missing, not text, or too long."""
	if value is not None and not isinstance(value, str):
		frappe.throw(_("{0} must be text.").format(label))
	value = (value or "").strip()
	if required and not strip_html(value).strip():
		frappe.throw(_("{0} is needed.").format(label))
	if len(value) > max_length:
		frappe.throw(_("{0} is too long: at most {1} characters.").format(label, max_length))
	return value
