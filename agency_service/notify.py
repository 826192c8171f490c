"""Telling people things: a desk notification (bell) and, where an outgoing account exists, an email."""

import frappe
from frappe import _


def alert(user: str, subject: str, doc=None, content: str | None = None, from_user: str | None = None):
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
			"from_user": from_user or frappe.session.user,
		}
	).insert(ignore_permissions=True)


def email(recipients: list[str], subject: str, message: str, **kwargs):
	"""Queue an email; a site without an outgoing email account still gets its desk notifications."""
	try:
		frappe.sendmail(recipients=recipients, subject=subject, message=message, delayed=True, **kwargs)
	except frappe.OutgoingEmailError:
		frappe.logger("agency_service").info(f"no outgoing email account: not emailed: {subject}")


DIGEST_ITEMS = 20  # documents listed by name in one digest; the rest are counted


def send_digests(digests: dict, subject_for, more_hint: str):
	"""One bell notification (and email) per user, listing many documents at once — set-based.

	``digests`` maps a user to ``(doctype, name, text)`` items — ``text`` may be a callable, called only
	for the items the digest lists; ``subject_for(count)`` titles the digest.
	"""
	if not digests:
		return
	fields = ["name", "for_user", "type", "subject", "email_content", "document_type", "document_name"]
	fields += ["from_user", "read", "creation", "modified", "owner", "modified_by"]
	now = frappe.utils.now_datetime()
	escape = frappe.utils.escape_html
	values = []
	for user, items in digests.items():
		subject = subject_for(len(items))
		lines = "".join(
			f"<li>{escape(_(doctype))} {escape(name)}: {escape(text() if callable(text) else text)}</li>"
			for doctype, name, text in items[:DIGEST_ITEMS]
		)
		more = len(items) - DIGEST_ITEMS
		content = f"<ul>{lines}</ul>" + (f"<p>{escape(more_hint.format(more))}</p>" if more > 0 else "")
		doctype, name, _text = items[0]
		row = (frappe.generate_hash(length=12), user, "Alert", subject, content, doctype, name)
		values.append((*row, "Administrator", 0, now, now, "Administrator", "Administrator"))
		email([user], subject, content)
	from agency_service.bulk import bulk_insert_rows

	bulk_insert_rows("Notification Log", [dict(zip(fields, value, strict=True)) for value in values])
	frappe.publish_realtime("notification", after_commit=True)


def reminded_today(doctype: str) -> set[str]:
	"""The users who got a digest (an alert the app sent as Administrator) about ``doctype`` today: a daily
	job's second run skips them. Assignments and alerts that people caused do not count."""
	today = frappe.utils.getdate(frappe.utils.nowdate())
	digests = {
		"document_type": doctype,
		"type": "Alert",
		"from_user": "Administrator",
		"creation": (">=", today),
	}
	return set(frappe.get_all("Notification Log", filters=digests, pluck="for_user", distinct=True))


def send_in_batches(method: str, names: list[str], size: int, send_inline: bool = False):
	"""Send the records ``names`` with ``method`` (a dotted path taking ``names``) in batches of ``size``:
	here and now, or each batch a job on the long queue once this transaction is committed."""
	for batch in frappe.utils.create_batch(names, size):
		if send_inline:
			frappe.get_attr(method)(batch)
		else:
			frappe.enqueue(method, queue="long", names=batch, enqueue_after_commit=True)
