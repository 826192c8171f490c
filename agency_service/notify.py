"""Telling people things: a desk notification (bell) and, where an outgoing account exists, an email."""

import frappe


def alert(user: str, subject: str, doc=None, content: str | None = None):
	"""A system notification for ``user`` (Notification Log, which Frappe also emails per the user's settings)."""
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "Alert",
			"document_type": doc.doctype if doc else None,
			"document_name": doc.name if doc else None,
			"subject": subject,
			"email_content": content,
			"from_user": frappe.session.user,
		}
	).insert(ignore_permissions=True)


def email(recipients: list[str], subject: str, message: str, **kwargs):
	"""Queue an email; a site without an outgoing email account still gets its desk notifications."""
	try:
		frappe.sendmail(recipients=recipients, subject=subject, message=message, delayed=True, **kwargs)
	except frappe.OutgoingEmailError:
		frappe.logger("agency_service").info(f"no outgoing email account: not emailed: {subject}")
