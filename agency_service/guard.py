"""Fields that change only through the app's own actions, never through a plain save.

A document's status, its sign-off fields and values set at a sign-off step are read-only in the desk,
but a read-only field can still be written through the REST API (``frappe.client.set_value``,
``PUT /api/resource``). Controllers call ``refuse_uncontrolled_changes`` in ``validate``; the actions
that may change those fields (the sign-off engine, a work order's lifecycle actions) run inside
``controlled_change()``. The flag lives on ``frappe.local``, out of reach of a request's payload.
"""

from contextlib import contextmanager

import frappe
from frappe import _


class UncontrolledChangeError(frappe.ValidationError):
	pass


@contextmanager
def controlled_change():
	previous = getattr(frappe.local, "agency_controlled_change", False)
	frappe.local.agency_controlled_change = True
	try:
		yield
	finally:
		frappe.local.agency_controlled_change = previous


def in_controlled_change() -> bool:
	return bool(getattr(frappe.local, "agency_controlled_change", False))


def refuse_uncontrolled_changes(doc, fieldnames):
	"""Throw when a plain save changes (or a new document presets) any of ``fieldnames``."""
	if in_controlled_change():
		return
	before = None if doc.is_new() else doc.get_doc_before_save()
	for fieldname in fieldnames:
		stored = before.get(fieldname) if before else doc.meta.get_field(fieldname).default
		if (doc.get(fieldname) or None) != (stored or None):
			frappe.throw(
				_(
					"{0} cannot be set directly; it changes through the document's actions and sign-off."
				).format(frappe.bold(_(doc.meta.get_label(fieldname)))),
				title=_("Not Allowed"),
				exc=UncontrolledChangeError,
			)
