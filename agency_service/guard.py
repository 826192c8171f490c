"""Fields that change only through the app's own actions, never through a plain save.

A document's status, its sign-off fields and values set at a sign-off step are read-only in the desk,
but a read-only field can still be written through the REST API (``frappe.client.set_value``,
``PUT /api/resource``). Controllers call ``refuse_uncontrolled_changes`` in ``validate``; the actions
that may change those fields (the sign-off engine, a work order's lifecycle actions) run inside
``controlled_change()``. The flag lives on ``frappe.local``, out of reach of a request's payload.
"""

import functools
import inspect
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.exceptions import FrappeTypeError
from frappe.model.document import Document
from frappe.utils import cint, flt, get_datetime, get_time, getdate, strip_html

MAX_TEXT = 20000


class UncontrolledChangeError(frappe.ValidationError):
	pass


def checked_text(
	value,
	label: str,
	required: bool = False,
	max_length: int = MAX_TEXT,
	exc=frappe.ValidationError,
	title=None,
) -> str:
	"""A text a user sent to an action, stripped; a clear error (``exc``) when it is missing, not text, or
	too long."""
	if value is not None and not isinstance(value, str):
		frappe.throw(_("{0} must be text.").format(label), exc=exc, title=title)
	value = (value or "").strip()
	if required and not strip_html(value).strip():
		frappe.throw(_("{0} is needed.").format(label), exc=exc, title=title)
	if len(value) > max_length:
		frappe.throw(
			_("{0} is too long: at most {1} characters.").format(label, max_length), exc=exc, title=title
		)
	return value


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


def refuse_changes_to(doc, fieldnames, message: str, exc=UncontrolledChangeError):
	"""Throw ``message`` (``{0}``: the field's label) when a save changes any of ``fieldnames`` — what was
	signed for or recorded stays as it was."""
	for fieldname in fieldnames:
		if doc.has_value_changed(fieldname):
			frappe.throw(
				message.format(frappe.bold(_(doc.meta.get_label(fieldname)))), title=_("Not Allowed"), exc=exc
			)


def client_says_yes(decision: str, note: str | None, answers: tuple[str, str], why: str, exc) -> bool:
	"""The client's decision, one of ``answers`` (yes, no); a no needs ``note`` saying why (else ``why``)."""
	yes, no = answers
	if decision not in answers:
		frappe.throw(_("The client's decision is {0} or {1}.").format(yes, no), exc=exc)
	if decision == no and not (note or "").strip():
		frappe.throw(why, exc=exc)
	return decision == yes


# --- document actions act on the stored record -----------------------------------------------------


class ForgedFormError(frappe.ValidationError):
	pass


class ActionArgumentError(frappe.ValidationError):
	pass


# Field types whose value is derived or not data; standard columns a client never edits.
_NO_DATA = frozenset(
	(
		"Section Break",
		"Column Break",
		"Tab Break",
		"HTML",
		"Button",
		"Image",
		"Fold",
		"Heading",
	)
)
STANDARD_COLUMNS = (
	frappe._dict(fieldname="docstatus", fieldtype="Int"),
	frappe._dict(fieldname="owner", fieldtype="Data"),
	frappe._dict(fieldname="creation", fieldtype="Datetime"),
)


class ActionDocument(Document):
	"""Base of the app's controllers: every whitelisted method is an *action on the stored record*.

	The desk runs a document method with the whole form (``run_doc_method`` with ``docs``), so without
	care a method sees whatever the browser sent. For every whitelisted method of a subclass, present
	and future (wrapped in ``__init_subclass__``), the outermost action call:

	1. locks the document's row and reads it as stored (``SELECT … FOR UPDATE``);
	2. when the form came from the client, compares it with the stored record: a difference in a field
	the user may not write (read-only, a permission level without write access, set-once, standard
	columns, child tables that are not writable) refuses the call, with nothing changed; differences
	in fields the user may write are saved first by a normal save (every validation and permission
	check of a save applies — a document under sign-off refuses it), so nothing the user typed is lost;
	3. runs the method on the stored record: ``self`` is reloaded from the database before the call;
	4. answers a missing or unknown argument with a translated message naming it, not a TypeError.

	Nested calls (an action calling another, the sign-off engine calling back) run as they are."""

	def __init_subclass__(cls, **kwargs):
		super().__init_subclass__(**kwargs)
		for attr, value in list(vars(cls).items()):
			if (
				callable(value)
				and value in frappe.whitelisted
				and not getattr(value, "_stored_action", False)
			):
				setattr(cls, attr, _stored_state_action(value))


def _stored_state_action(fn):
	"""Wrap a whitelisted method ``fn`` (Frappe's argument-type check included) as a stored-record action.

	The wrapper is whitelisted as ``fn`` was, with the same HTTP methods, but without a second type
	check around it: its own argument check runs first, so a missing argument reads as such."""
	methods = frappe.allowed_http_methods_for_whitelisted_func.get(fn)
	signature = inspect.signature(fn)

	@functools.wraps(fn)
	def action(self, *args, **kwargs):
		if getattr(frappe.local, "agency_action_depth", 0):
			return fn(self, *args, **kwargs)
		check_arguments(self, fn.__name__, signature, args, kwargs)
		frappe.local.agency_action_depth = 1
		try:
			if not self.is_new():
				adopt_stored_record(self, fn.__name__)
			return fn(self, *args, **kwargs)
		except FrappeTypeError:
			frappe.throw(
				_("A value sent to {0} is not of the right kind.").format(
					frappe.bold(_(frappe.unscrub(fn.__name__)))
				),
				title=_("Invalid Value"),
				exc=ActionArgumentError,
			)
		finally:
			frappe.local.agency_action_depth = 0

	action._stored_action = True
	frappe.whitelisted.append(action)
	frappe.allowed_http_methods_for_whitelisted_func[action] = methods
	if fn in frappe.guest_methods:
		frappe.guest_methods.append(action)
	return action


def check_arguments(doc, method: str, signature, args, kwargs):
	"""A required argument missing (or sent empty), or one the action does not take: a clear refusal."""
	try:
		bound = signature.bind(doc, *args, **kwargs)
		unknown = []
	except TypeError:
		bound = None
		unknown = sorted(set(kwargs) - set(signature.parameters))
	required = [name for name, p in signature.parameters.items() if name != "self" and p.default is p.empty]
	given = (
		bound.arguments
		if bound
		else {**dict(zip(list(signature.parameters)[1:], args, strict=False)), **kwargs}
	)
	missing = [name for name in required if given.get(name) is None]
	if missing:
		message = _("{0} needs a value for {1}.").format(
			frappe.bold(_(frappe.unscrub(method))),
			", ".join(frappe.bold(_(frappe.unscrub(name))) for name in missing),
		)
	elif unknown or bound is None:
		message = _("{0} does not take {1}.").format(
			frappe.bold(_(frappe.unscrub(method))), ", ".join(frappe.bold(str(u)) for u in unknown)
		)
	else:
		return
	frappe.throw(message, title=_("Missing Value"), exc=ActionArgumentError)


def sent_by_client(doc) -> bool:
	"""The document of this request was built from a form the client posted (``run_doc_method`` docs)."""
	form = getattr(frappe.local, "form_dict", None) or {}
	if not (getattr(frappe.local, "request", None) and form.get("docs")):
		return False
	try:
		sent = frappe.parse_json(form.get("docs"))
	except ValueError:
		return False
	return isinstance(sent, dict) and sent.get("doctype") == doc.doctype and sent.get("name") == doc.name


def adopt_stored_record(doc, method: str):
	stored = frappe.get_doc(doc.doctype, doc.name, for_update=True)
	if sent_by_client(doc):
		changes, refused = compare_with_stored(doc, stored)
		if refused:
			frappe.throw(
				_(
					"The form sent with {0} differs from the stored {1} in {2}, which you cannot change. "
					"Reload the form and try again."
				).format(
					frappe.bold(_(frappe.unscrub(method))),
					_(doc.doctype),
					", ".join(frappe.bold(label) for label in refused),
				),
				title=_("Form Out of Date"),
				exc=ForgedFormError,
			)
		if changes:
			stored.update(changes)
			stored.save()
	doc.flags.for_update = True
	doc.load_from_db()
	doc.flags.for_update = False


def compare_with_stored(doc, stored) -> tuple[dict, list[str]]:
	"""(changes the user may make, labels of fields the user may not change) between a client's copy
	of a document and the stored record."""
	writable_levels = set(stored.get_permlevel_access("write")) if stored.has_permission("write") else set()
	changes, refused = {}, []
	for df in STANDARD_COLUMNS:
		if _normal(df, doc.get(df.fieldname)) != _normal(df, stored.get(df.fieldname)):
			refused.append(_(frappe.unscrub(df.fieldname)))
	for df in stored.meta.fields:
		if df.fieldtype in frappe.model.table_fields:
			sent, kept = _rows(doc, df), _rows(stored, df)
		elif df.fieldtype in _NO_DATA:
			continue
		else:
			if df.fetch_from and df.read_only:
				continue  # derived from a link: the server fetches it again
			sent, kept = _normal(df, doc.get(df.fieldname)), _normal(df, stored.get(df.fieldname))
		if sent == kept:
			continue
		may_write = (
			df.permlevel in writable_levels
			and not df.read_only
			and not (df.set_only_once and kept not in (None, "", 0))
		)
		if may_write:
			changes[df.fieldname] = doc.get(df.fieldname)
		else:
			refused.append(_(df.label or frappe.unscrub(df.fieldname)))
	return changes, refused


def changed_fields(doc, before, ignore=frozenset()) -> list[str]:
	"""Labels of the data fields (child tables included) in which ``doc`` differs from ``before``."""
	changed = []
	for df in doc.meta.fields:
		if df.fieldtype in _NO_DATA or df.fieldname in ignore:
			continue
		if df.fieldtype in frappe.model.table_fields:
			differs = _rows(doc, df) != _rows(before, df)
		else:
			differs = _normal(df, doc.get(df.fieldname)) != _normal(df, before.get(df.fieldname))
		if differs:
			changed.append(_(df.label or frappe.unscrub(df.fieldname)))
	return changed


def _rows(doc, df) -> list:
	fields = [
		child_df
		for child_df in frappe.get_meta(df.options).fields
		if child_df.fieldtype not in _NO_DATA and child_df.fieldtype not in frappe.model.table_fields
	]
	return [
		(
			None if str(row.get("name") or "").startswith("new-") else row.get("name"),
			*(_normal(child_df, row.get(child_df.fieldname)) for child_df in fields),
		)
		for row in doc.get(df.fieldname) or []
	]


def _normal(df, value):
	"""A value as the database would hold it, so a form's strings compare with stored values."""
	fieldtype = df.fieldtype
	if fieldtype in ("Check", "Int"):
		return cint(value)
	if fieldtype in ("Float", "Currency", "Percent", "Rating", "Duration"):
		return round(flt(value), 6)
	if value in (None, ""):
		return None
	try:
		if fieldtype == "Date":
			return getdate(value)
		if fieldtype == "Datetime":
			return get_datetime(value).replace(microsecond=0)
		if fieldtype == "Time":
			return get_time(value).replace(microsecond=0)
	except (TypeError, ValueError):
		pass  # not a date at all: compared as text, so it differs
	return str(value)
