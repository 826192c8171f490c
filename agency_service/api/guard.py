"""What every request to the app goes through, in one place: bad input is a clear refusal, never a 5xx.

Frappe answers a whitelisted function called without a required argument with a 500 ``TypeError``, a
value of the wrong type with "Argument 'x' should be of type 'str' but got 'list'", and gives every
caller — a guest or a client on the portal included — the server's traceback with most refusals. The
app's document actions check their arguments themselves (``agency_service.guard.ActionDocument``);
this module does the same, once, for the app's module-level functions (``/api/method/agency_service.…``)
and hardens what the app can of Frappe's own REST resources for its doctypes:

* ``check_request`` (``auth_hooks``: the first hook Frappe runs once it knows the request's user, API
  keys included, and before it dispatches) — outsiders (guests and website users) get no traceback; a
  call of an app function gets its arguments checked with ``guard.check_arguments`` (missing or
  unknown: a translated message naming the field) and their types with Frappe's own type check,
  answered in the user's language; a portal session gets a CSRF token and posts with it; a REST
  write to an app doctype sends values of the right shape.
* ``scrub_error_response`` (``after_request``) — the safety net for errors raised before that hook or
  outside the app: an outsider's error answer carries a message and never a traceback.
* ``limit_portal_writes`` — a rate limit keyed on the logged-in user as well as the address.
"""

import functools
import inspect
import json
import re
import typing

import frappe
from frappe import _
from frappe.auth import UNSAFE_HTTP_METHODS
from frappe.exceptions import FrappeTypeError
from frappe.model.document import Document
from frappe.utils import cint, get_datetime, getdate

from agency_service.guard import ActionArgumentError, check_arguments

APP_PREFIX = "agency_service."
DESK_FORM_PREFIX = "frappe.desk.form.load."
METHOD_PATHS = ("/api/method/", "/api/v1/method/", "/api/v2/method/")
RESOURCE_PATHS = ("/api/resource/", "/api/v1/resource/", "/api/v2/document/")
# sent with every call by Frappe itself, not arguments of the function called
TRANSPORT_KEYS = frozenset(("cmd", "csrf_token", "sid", "_"))
# what a traceback travels in (API v1 and v2 answers)
TRACEBACK_KEYS = ("exc", "exception", "_exc_source", "_debug_messages", "debug")
# functions whose name, read as a label, is a host word with another meaning ("Rate" is a price in ERPNext)
ACTION_LABELS = {"rate": "rate_outcome"}
TEXT_FIELDTYPES = frozenset(
	(
		"Data",
		"Link",
		"Dynamic Link",
		"Select",
		"Small Text",
		"Text",
		"Long Text",
		"Text Editor",
		"HTML Editor",
		"Markdown Editor",
		"Code",
		"Phone",
		"Read Only",
		"Autocomplete",
	)
)
# errors Frappe raises on a request it cannot read at all, before any hook runs: the caller's fault
UNREADABLE_REQUEST = frozenset(("JSONDecodeError",))
NEW_DOC_PARAMETERS = frozenset(("as_dict", "parent_doc", "parentfield"))
STANDARD_TEXT_FIELDS = ("name", "owner", "modified_by", "parent", "parentfield", "parenttype", "doctype")
STANDARD_INT_FIELDS = ("docstatus", "idx")
MAX_LIST_NUMBER = 10**9  # MariaDB refuses a LIMIT past 2**64; no list of the app is longer
# every column Frappe gives a document (a REST client may send back what it read)
STANDARD_COLUMNS = frozenset(
	(*frappe.model.default_fields, *frappe.model.optional_fields, *frappe.model.child_table_fields, "doctype")
)


class RequestShapeError(frappe.ValidationError):
	pass


class SessionTokenError(frappe.CSRFTokenError):
	pass


def is_outsider(user: str | None = None) -> bool:
	"""A guest or a website user (a client on the portal): someone who never sees server internals."""
	user = user or getattr(getattr(frappe.local, "session", None), "user", None) or "Guest"
	if user == "Administrator":
		return False
	return user == "Guest" or frappe.get_cached_value("User", user, "user_type") != "System User"


# --- the request hook --------------------------------------------------------------------------------


def check_request():
	"""Frappe's ``auth_hooks``: runs for every request once the user is known, before dispatch."""
	if not getattr(frappe.local, "request", None):
		return
	if is_outsider():
		frappe.local.flags.disable_traceback = True
	if frappe.session.user != "Guest" and frappe.get_request_header("Authorization"):
		# Frappe chose the language before it knew who the API keys belong to: refusals in theirs
		frappe.set_user_lang(frappe.session.user)
	cmd = frappe.form_dict.get("cmd")
	if cmd is not None and not isinstance(cmd, str):
		refuse_shape(_("The request names no valid method."))
	called = called_method()
	method = called if called and called.startswith(APP_PREFIX) else None
	ensure_session_token(app_call=bool(method))
	if called and called.startswith(DESK_FORM_PREFIX) and is_outsider():
		# the desk's form loader answers an unknown name with an empty 200 and another client's with a
		# refusal, which tells which names exist; clients and guests have no desk forms to load
		frappe.throw(_("You are not allowed to do this."), exc=frappe.PermissionError)
	if method:
		check_app_call(method)
	elif frappe.request.method in ("POST", "PUT", "PATCH"):
		check_resource_write()
	elif frappe.request.method == "GET":
		check_resource_list()


def called_method() -> str | None:
	path = frappe.request.path
	method = next((path[len(p) :] for p in METHOD_PATHS if path.startswith(p)), None)
	if method is None:
		method = frappe.form_dict.get("cmd") if isinstance(frappe.form_dict.get("cmd"), str) else None
	if not method:
		return None
	return frappe.override_whitelisted_method(method.split("/")[0])


def check_app_call(method: str):
	"""Arguments and session token of a call to one of the app's whitelisted functions."""
	try:
		fn = frappe.get_attr(method)
	except Exception:
		return  # Frappe refuses an unknown method itself
	if not callable(fn) or fn not in frappe.whitelisted:
		return
	if frappe.session.user == "Guest" and fn not in frappe.guest_methods:
		return  # Frappe refuses the guest; a guest learns nothing of the arguments
	if frappe.request.method not in (frappe.allowed_http_methods_for_whitelisted_func.get(fn) or ()):
		return
	kwargs = {k: v for k, v in frappe.form_dict.items() if k not in TRANSPORT_KEYS}
	check_call_arguments(fn, kwargs)


def check_call_arguments(fn, kwargs: dict):
	"""Missing, unknown and wrongly typed arguments of ``fn``: refused in the user's language."""
	original = inspect.unwrap(fn)
	signature = inspect.signature(original)
	label = ACTION_LABELS.get(original.__name__, original.__name__)
	if not any(p.kind == p.VAR_KEYWORD for p in signature.parameters.values()):
		# check_arguments reads its signature as a document method's: give it the ``self`` it skips
		as_method = signature.replace(
			parameters=[
				inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY),
				*signature.parameters.values(),
			]
		)
		check_arguments(None, label, as_method, (), kwargs)
	for name, value in kwargs.items():
		if name not in original.__annotations__ or name == "return":
			continue
		try:
			frappe.utils.typing_validations.transform_parameter_types(original, (), {name: value})
		except FrappeTypeError:
			frappe.throw(
				_("{0}: the value sent for {1} is not valid; it should be {2}.").format(
					frappe.bold(_(frappe.unscrub(label))),
					frappe.bold(_(frappe.unscrub(name))),
					kind_of(original.__annotations__[name]),
				),
				title=_("Invalid Value"),
				exc=ActionArgumentError,
			)


def kind_of(annotation) -> str:
	"""What a value of ``annotation`` is, in words a user reads (never a Python type name)."""
	kinds = {
		str: _("a text"),
		int: _("a whole number"),
		float: _("a number"),
		bool: _("yes or no"),
		dict: _("a set of named values"),
		list: _("a list"),
	}
	options = typing.get_args(annotation) or (annotation,)
	words = []
	for option in options:
		if option is type(None):
			continue
		word = kinds.get(typing.get_origin(option) or option, _("a value of another kind"))
		if word not in words:
			words.append(word)
	return _(" or ").join(words) if words else _("a value of another kind")


def cookie_session() -> bool:
	"""A browser's logged-in session (a cookie a foreign site's form could ride on), not API keys."""
	return frappe.session.user != "Guest" and not frappe.get_request_header("Authorization")


def ensure_session_token(app_call: bool):
	"""Every logged-in browser session gets the CSRF token a desk session gets, and Frappe compares it on
	every post from then on. Frappe makes one only when the desk opens, so a portal session had none and
	was never checked. It is made here, on the session's first request after Frappe's own check (making
	it at login would make the login post itself fail that check); the portal pages show it. A post to
	the app from a session that had no token yet is refused: it cannot have come from one of its pages."""
	if not cookie_session() or frappe.session.data.csrf_token:
		return
	from frappe.sessions import get_csrf_token

	get_csrf_token()
	if app_call and frappe.request.method in UNSAFE_HTTP_METHODS:
		frappe.local.flags.disable_traceback = True
		frappe.throw(
			_("Your page is out of date. Please reload it and try again."),
			title=_("Invalid Request"),
			exc=SessionTokenError,
		)


# --- REST writes to the app's doctypes ---------------------------------------------------------------


def check_resource_write():
	"""Values of the wrong shape in a REST insert or update of an app doctype: refused before Frappe's
	``Document`` raises a 5xx on them (a child table sent as text, a non-integer ``docstatus``…)."""
	doctype, _name = requested_resource()
	if not is_app_doctype(doctype):
		return
	from frappe.api.v1 import get_request_form_data

	data = get_request_form_data()  # what Frappe will insert or update
	if not isinstance(data, dict):
		refuse_shape(_("The data sent should be a set of named values."))
	if frappe.request.method == "POST":
		for key in NEW_DOC_PARAMETERS & set(data):
			# Frappe passes the data as keyword arguments to new_doc, where these mean something else
			refuse_field(frappe.get_meta(doctype), key)
	check_document_values(frappe.get_meta(doctype), data)


def requested_resource() -> tuple[str | None, str | None]:
	"""(doctype, name) of a REST resource request, or (None, None)."""
	path = frappe.request.path
	rest = next((path[len(p) :] for p in RESOURCE_PATHS if path.startswith(p)), None)
	if not rest:
		return None, None
	doctype, _sep, name = rest.partition("/")  # werkzeug has decoded the path
	return doctype, name or None


def check_resource_list():
	"""The list parameters of ``GET /api/resource/<app doctype>``: Frappe parses them without a check."""
	doctype, name = requested_resource()
	if name or not is_app_doctype(doctype):
		return
	form = frappe.form_dict
	if "doctype" in form:
		# Frappe passes the query string to get_list beside the doctype of the path: a second one is a TypeError
		refuse_list_parameter("doctype")
	for key in ("fields", "filters", "or_filters", "expand"):
		value = form.get(key)
		if value is None:
			continue
		if isinstance(value, str):
			try:
				value = json.loads(value)
			except ValueError:
				refuse_list_parameter(key)
		if key == "fields" and not (
			isinstance(value, list)
			and all(isinstance(f, str) and f.strip() and f.count("`") % 2 == 0 for f in value)
		):
			refuse_list_parameter(key)
		if key in ("filters", "or_filters") and not is_filter_set(value):
			refuse_list_parameter(key)
		if key == "expand" and not (isinstance(value, list) and all(isinstance(f, str) for f in value)):
			refuse_list_parameter(key)
	for key in ("limit", "limit_start", "limit_page_length", "start", "page_length"):
		value = form.get(key)
		if value not in (None, "") and not (is_integer(value) and 0 <= cint(value) <= MAX_LIST_NUMBER):
			refuse_list_parameter(key)
	meta = frappe.get_meta(doctype)
	fields = form.get("fields")
	if isinstance(fields, str):
		fields = json.loads(fields)
	for field in fields or ():
		if not is_column(meta, field, aggregate=True):
			refuse_list_parameter("fields")
	for key in ("order_by", "group_by"):
		value = form.get(key)
		if value is None:
			continue
		if not isinstance(value, str) or not all(
			is_column(meta, part, direction=key == "order_by") for part in value.split(",")
		):
			refuse_list_parameter(key)


COLUMN = re.compile(r"^(?:`?tab(?P<table>[\w -]+)`?\.)?`?(?P<field>\w+)`?$")
AGGREGATE = re.compile(r"^(?:count|sum|avg|min|max)\((?:distinct\s+)?(?P<inner>[^()]+)\)$", re.I)
DIRECTION = re.compile(r"\s+(?:asc|desc)$", re.I)
ALIAS = re.compile(r"\s+as\s+`?\w+`?$", re.I)


def is_column(meta, text: str, direction: bool = False, aggregate: bool = False) -> bool:
	"""``text`` names a column of the doctype (or of a doctype named as `tabX`.field), with an
	``asc``/``desc`` or an aggregate and alias where allowed: Frappe sends any other text to the
	database, which answers with a 5xx."""
	text = text.strip() if isinstance(text, str) else None
	if not text:
		return False
	if direction:
		text = DIRECTION.sub("", text)
	if aggregate:
		if text == "*":
			return True
		text = ALIAS.sub("", text)
		if match := AGGREGATE.match(text):
			text = match.group("inner").strip()
			if text == "*":
				return True
	match = COLUMN.match(text)
	if not match:
		return False
	table = match.group("table")
	if table and not frappe.db.exists("DocType", table, cache=True):
		return False
	target = frappe.get_meta(table) if table else meta
	return match.group("field") in frappe.model.default_fields or bool(target.get_field(match.group("field")))


def is_filter_set(value) -> bool:
	"""Filters as Frappe takes them: {field: value or [operator, value]}, [[(doctype,) field, operator,
	value], …] or one such list; anything else makes Frappe's query builder fail with a 5xx."""

	def is_condition(item) -> bool:
		# the doctype (when given), field and operator: non-empty text (an empty one fails in Frappe)
		return (
			isinstance(item, list | tuple)
			and 3 <= len(item) <= 5
			and all(isinstance(part, str) and part.strip() for part in item[: len(item) - 1][:3])
		)

	if isinstance(value, dict):
		return all(
			isinstance(key, str)
			and key.strip()
			and (
				not isinstance(v, list | dict)
				or (isinstance(v, list) and 1 <= len(v) <= 2 and isinstance(v[0], str))
			)
			for key, v in value.items()
		)
	if isinstance(value, list):
		return all(is_condition(item) for item in value) or is_condition(value) or not value
	return False


def refuse_list_parameter(key: str):
	refuse_shape(_("The value sent for {0} is not valid.").format(frappe.bold(key)))


def is_app_doctype(doctype: str) -> bool:
	return bool(doctype) and frappe.db.get_value("DocType", doctype, "module", cache=True) == "Agency Service"


def check_document_values(meta, data: dict, depth: int = 0):
	for fieldname, value in data.items():
		if fieldname in STANDARD_INT_FIELDS:
			if value not in (None, "") and not is_integer(value):
				refuse_field(meta, fieldname)
			continue
		if fieldname in STANDARD_TEXT_FIELDS:
			if value is not None and not isinstance(value, str):
				refuse_field(meta, fieldname)
			continue
		df = meta.get_field(fieldname)
		if not df:
			if fieldname not in STANDARD_COLUMNS and (
				not isinstance(fieldname, str) or fieldname.startswith("_") or hasattr(Document, fieldname)
			):
				# Frappe sets every key on the document: one named like a method or internal (as_dict,
				# flags, _doc_before_save …) would replace it and break the save with a TypeError
				refuse_field(meta, str(fieldname))
			continue  # Frappe ignores any other name that is not a field
		if df.fieldtype in frappe.model.table_fields:
			if value is None:
				continue
			if depth or not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
				refuse_field(meta, fieldname)
			for row in value:
				check_document_values(frappe.get_meta(df.options), row, depth + 1)
		elif df.fieldtype == "JSON":
			continue
		elif isinstance(value, dict | list):
			refuse_field(meta, fieldname)
		elif value is not None and df.fieldtype in TEXT_FIELDTYPES and not isinstance(value, str):
			refuse_field(meta, fieldname)  # the app's controllers read text fields as text
		elif value not in (None, "") and df.fieldtype in ("Int", "Check") and not is_number(value):
			refuse_field(meta, fieldname)
		elif (
			value not in (None, "")
			and df.fieldtype in ("Float", "Currency", "Percent", "Rating", "Duration")
			and not is_number(value)
		):
			refuse_field(meta, fieldname)
		elif value not in (None, "") and df.fieldtype in ("Date", "Datetime") and not is_date(value):
			refuse_field(meta, fieldname)


def is_integer(value) -> bool:
	if isinstance(value, bool):
		return False
	if isinstance(value, int):
		return True
	return isinstance(value, str) and value.strip().lstrip("-").isdigit()


def is_number(value) -> bool:
	if isinstance(value, bool | int | float):
		return True
	if not isinstance(value, str):
		return False
	try:
		float(value.replace(",", ""))
	except ValueError:
		return False
	return True


def is_date(value) -> bool:
	if not isinstance(value, str):
		return False
	try:
		get_datetime(value)
	except Exception:
		return False
	return True


def refuse_field(meta, fieldname: str):
	label = meta.get_label(fieldname) if meta.get_field(fieldname) else frappe.unscrub(fieldname)
	refuse_shape(_("{0}: the value sent for {1} is not valid.").format(_(meta.name), frappe.bold(_(label))))


def refuse_shape(message: str):
	frappe.throw(message, title=_("Invalid Value"), exc=RequestShapeError)


# --- values of the app's own functions ----------------------------------------------------------------


def date_argument(value, label: str):
	"""A date sent by a caller, or a translated refusal naming ``label``."""
	try:
		return getdate(value)
	except Exception:
		refuse_value(label)


def datetime_argument(value, label: str):
	"""A date and time sent by a caller, or a translated refusal naming ``label``."""
	try:
		result = get_datetime(value)
	except Exception:
		result = None
	if result is None:
		refuse_value(label)
	return result


def json_argument(value, label: str):
	"""A JSON value sent as text (or already parsed), or a translated refusal naming ``label``."""
	if not isinstance(value, str):
		return value
	try:
		return json.loads(value)
	except ValueError:
		refuse_value(label)


def dict_argument(value) -> dict | None:
	"""A set of fields and values sent as JSON text (or already parsed); None when it is not one."""
	if isinstance(value, str):
		try:
			value = json.loads(value)
		except ValueError:
			return None
	return value if isinstance(value, dict) else None


def refuse_value(label: str):
	frappe.throw(
		_("The value sent for {0} is not valid.").format(frappe.bold(label)),
		title=_("Invalid Value"),
		exc=ActionArgumentError,
	)


# --- rate limits -------------------------------------------------------------------------------------


def limit_portal_writes(config_key: str, default: int, seconds: int = 3600, per_address: int = 5):
	"""At most ``limit`` calls per ``seconds`` per logged-in user, and ``per_address`` times that per
	address (several contacts of one client share an office's address). A guest is counted by address
	only. The limit is read from site config ``config_key`` when set. The address is Frappe's
	``request_ip``; the app's server (``agency_service.serve``) sets it from the connection, not from
	what the caller writes in ``X-Forwarded-For``."""

	def decorator(fn):
		@functools.wraps(fn)
		def limited(*args, **kwargs):
			if getattr(frappe.local, "request", None):
				limit = cint(frappe.conf.get(config_key)) or default
				method = f"{fn.__module__}.{fn.__name__}"
				user = frappe.session.user
				if user != "Guest":
					count_call(f"{method}:user:{user}", limit, seconds)
				count_call(f"{method}:ip:{frappe.local.request_ip}", limit * per_address, seconds)
			return fn(*args, **kwargs)

		return limited

	return decorator


def count_call(key: str, limit: int, seconds: int):
	cache_key = frappe.cache.make_key(f"agency-rl:{key}")
	value = frappe.cache.incrby(cache_key, 1)
	if value == 1:
		frappe.cache.expire(cache_key, seconds)
	if value > limit:
		frappe.throw(
			_("Too many requests: please wait a while and try again."),
			title=_("Too Many Requests"),
			exc=frappe.RateLimitExceededError,
		)


# --- what an outsider's error answer may carry -------------------------------------------------------


def scrub_error_response(response=None, request=None):
	"""Frappe's ``after_request``: an outsider's JSON error answer keeps its message and loses any
	traceback; one without a message gets one in the user's language. A request Frappe could not read
	at all is the caller's error (400), not the server's."""
	if response is None or response.status_code < 400 or response.mimetype != "application/json":
		return
	try:
		body = json.loads(response.get_data(as_text=True) or "{}")
	except ValueError:
		return
	if not isinstance(body, dict):
		return
	if response.status_code >= 500 and body.get("exc_type") in UNREADABLE_REQUEST:
		# a body sent as JSON that is not JSON: Frappe fails while reading it, before any hook
		response.status_code = 400
		body["_server_messages"] = server_messages(_("The data sent could not be read."))
		response.set_data(json.dumps(body))
	if not is_outsider():
		return
	if response.status_code == 404:
		# one answer for every "not found": an unknown name and another client's record (whatever the
		# spelling that matched it) must read the same, or the answer tells which names exist
		message = status_message(404)
		body = (
			{"errors": [{"type": "DoesNotExistError", "message": message}]}
			if "errors" in body
			else {"exc_type": "DoesNotExistError", "_server_messages": server_messages(message)}
		)
		response.set_data(json.dumps(body))
		return
	for key in TRACEBACK_KEYS:
		body.pop(key, None)
	for error in body.get("errors") or []:
		if isinstance(error, dict):
			error.pop("exception", None)
	if not (body.get("_server_messages") or body.get("messages") or body.get("errors")):
		body["_server_messages"] = server_messages(status_message(response.status_code))
	response.set_data(json.dumps(body))


def server_messages(message: str) -> str:
	"""``_server_messages`` as Frappe writes it: a JSON list of JSON-encoded messages."""
	return json.dumps([json.dumps({"message": message, "indicator": "red"})])


def status_message(status: int) -> str:
	messages = {
		401: _("Please log in again."),
		403: _("You are not allowed to do this."),
		404: _("Not found: the page or record does not exist, or you cannot see it."),
		409: _("Someone else changed this record at the same time. Please reload and try again."),
		417: _("The request could not be processed: check what you entered."),
		429: _("Too many requests: please wait a while and try again."),
	}
	return messages.get(status) or (
		_("Something went wrong on our side. Please try again later.")
		if status >= 500
		else _("The request could not be processed: check what you entered.")
	)
