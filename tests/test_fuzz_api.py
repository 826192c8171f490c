"""Generated bad input against every whitelisted function of the app and the REST resources of its
doctypes, over real HTTP, as a client on the portal, a guest and staff (issue 12).

Every answer must be below 500; an answer to the client or the guest never carries a traceback; a
refused call (4xx) stores nothing — the row counts and last changes of the tables a call could write
are the same after it as before. ``AGENCY_FUZZ_EXAMPLES`` (default 10,000) is the number of requests,
shared between the three callers.
"""

import importlib
import inspect
import json
import os
import pkgutil
import time

import frappe
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import agency_service
from tests.factories import make_client, make_contact, make_user, staff
from tests.live_server import api_session

EXAMPLES = int(os.environ.get("AGENCY_FUZZ_EXAMPLES", "10000"))
SHARE = {"portal": 0.45, "guest": 0.25, "staff": 0.30}
UNKNOWN = "CC-2099-99999"
# the tables a call of the app could write to: a refused call leaves each as it was
WATCHED = (
	"Client Complaint",
	"Client Complaint Escalation",
	"Communication",
	"File",
	"Comment",
	"ToDo",
	"Client Visit",
	"Client Admission",
	"Client Work Order",
	"Client Tier Change",
	"Survey Response",
	"Survey Invitation",
	"Sign-off Signature",
	"Sign-off Request",
	"Customer",
	"Contact",
)
APP_DOCTYPES = (
	"Client Complaint",
	"Client Visit",
	"Client Admission",
	"Client Work Order",
	"Client Tier",
	"Survey Response",
	"Survey Invitation",
	"Complaint Category",
	"Client Scorecard",
	"Client Tier Change",
)
TRACEBACK_MARKS = ('"exc"', '"exception"', '"_exc_source"', "Traceback (most recent call last)")


def app_targets() -> list[tuple[str, tuple[str, ...]]]:
	"""(dotted path or 'Doctype:method', parameter names) of every whitelisted function of the app."""
	for module in pkgutil.walk_packages(agency_service.__path__, "agency_service."):
		if ".patches." in module.name or module.name.endswith("demo"):
			continue
		try:
			importlib.import_module(module.name)
		except Exception:  # a module that needs a context to import is not an API module
			continue
	targets = {}
	for fn in frappe.whitelisted:
		if not (fn.__module__ or "").startswith("agency_service."):
			continue
		original = inspect.unwrap(fn)
		params = tuple(p for p in inspect.signature(original).parameters if p != "self")
		owner, _dot, name = original.__qualname__.rpartition(".")
		if owner:
			controller = getattr(importlib.import_module(original.__module__), owner, None)
			doctype = doctype_of(original.__module__) if controller else None
			if doctype:
				targets[f"{doctype}:{name}"] = params
		else:
			targets[f"{original.__module__}.{name}"] = params
	return sorted(targets.items())


def doctype_of(module_name: str) -> str:
	"""The doctype a controller module belongs to, as its JSON names it (``Compliance Self-Inspection`` is
	not the unscrubbed module name)."""
	module = importlib.import_module(module_name)
	path = os.path.join(os.path.dirname(module.__file__), module_name.rsplit(".", 1)[-1] + ".json")
	if os.path.exists(path):
		with open(path) as f:
			return json.load(f)["name"]
	return frappe.unscrub(module_name.rsplit(".", 1)[-1])


JUNK_TEXT = st.sampled_from(
	[
		"",
		" ",
		"null",
		"None",
		"[]",
		"{}",
		"[1, 2]",
		'{"a": [1]}',
		"{not json",
		"-1",
		"-5",
		"0",
		"99999999999999999999",
		"1e309",
		"NaN",
		"not a date",
		"2026-13-45",
		"2026-02-30 25:61",
		"' OR 1=1 --",
		"`name`",
		"<script>alert(1)</script>",
		"javascript:alert(1)",
		"../../../etc/passwd",
		"Client Complaint",
		"Customer",
		"Administrator",
		"Accepted",
		"Rejected",
		"Yes",
		"High",
		"Price",
		"x" * 3000,
	]
)
SCALARS = st.one_of(
	JUNK_TEXT,
	st.text(max_size=40),
	st.integers(min_value=-(10**20), max_value=10**20),
	st.floats(allow_nan=False, allow_infinity=False),
	st.booleans(),
	st.none(),
)
VALUES = st.one_of(
	SCALARS,
	st.lists(SCALARS, max_size=3),
	st.dictionaries(st.text(max_size=8), SCALARS, max_size=3),
)


@pytest.fixture(scope="module")
def fuzz(live_server, live_data):
	t = frappe._dict(url=live_server, targets=app_targets())
	t.fields = {doctype: request_fields(doctype) for doctype in APP_DOCTYPES}
	manager = staff("Account Manager", "Account Executive")
	live_data.add(frappe.get_doc("User", manager))
	names = []
	for side in ("own", "other"):
		client = live_data.add(make_client(client_tier="Key Client", account_manager=manager))
		user = make_user("Customer")
		live_data.add(frappe.get_doc("User", user))
		live_data.add(make_contact(client.name, user=user, email_ids=[{"email_id": user, "is_primary": 1}]))
		complaint = live_data.add(
			frappe.get_doc(
				{
					"doctype": "Client Complaint",
					"customer": client.name,
					"subject": f"Fuzz {side}",
					"content": "<p>fuzz</p>",
					"category": "Price",
					"priority": "High",
					"channel": "Phone",
				}
			).insert()
		)
		names += [complaint.name, client.name]
		t[side] = frappe._dict(user=user, client=client.name, complaint=complaint.name)
	live_data.commit()
	t.names = [*names, UNKNOWN, manager, t.own.user]
	t.sessions = {
		"portal": api_session(live_server, t.own.user),
		"staff": api_session(live_server, manager),
		"guest": guest_session(),
	}
	frappe.cache.delete_keys("agency-rl:")
	yield t
	frappe.db.rollback()
	for doctype in ("Client Complaint", "Communication", "File", "Client Visit", "Client Admission"):
		for name in (
			frappe.get_all(doctype, {"creation": (">=", t.started)}, pluck="name") if t.started else []
		):
			live_data.records.append((doctype, name))
	frappe.cache.delete_keys("agency-rl:")


def request_fields(doctype: str) -> list[str]:
	"""What a REST call of ``doctype`` may carry: its fields, standard columns and list parameters."""
	meta = frappe.get_meta(doctype)
	return sorted(
		{df.fieldname for df in meta.fields if df.fieldtype not in frappe.model.no_value_fields}
		| {df.fieldname for df in meta.fields if df.fieldtype in frappe.model.table_fields}
		| {"name", "owner", "docstatus", "idx", "modified", "doctype", "cmd"}
		| {"fields", "filters", "or_filters", "limit", "limit_start", "limit_page_length", "order_by"}
		| {"group_by", "as_dict", "debug", "expand", "run_method"}
	)


def guest_session() -> requests.Session:
	session = requests.Session()
	session.headers["Accept"] = "application/json"
	return session


def snapshot() -> tuple:
	frappe.db.rollback()  # read what the server committed
	return tuple(
		frappe.db.sql(
			" union all ".join(f"select count(*), max(modified) from `tab{doctype}`" for doctype in WATCHED)
		)
	)


def encode(value) -> str:
	return value if isinstance(value, str) else json.dumps(value, default=str)


def plausible(fuzz, param: str):
	"""Values that pass the first checks, so generated calls also reach the code behind them."""
	names = [fuzz.own.complaint, fuzz.other.complaint, UNKNOWN]
	by_name = {
		"name": names,
		"visit": ["CV-2099-00001", *names],
		"customer": [fuzz.own.client, fuzz.other.client],
		"client": [fuzz.own.client, fuzz.other.client],
		"decision": ["Accepted", "Rejected", "Approve", "Reject"],
		"satisfied": ["Yes", "No", "1", "0"],
		"rating": [1, 3, 5, "5", 0, 6, -1],
		"severity": ["High", "Critical", "Low"],
		"category": ["Price", "Other", "Service Quality"],
		"status": ["Registered", "Closed"],
		"start": ["2026-01-01", "2026-01-01 09:00:00", "-1"],
		"end": ["2026-12-31", "2026-12-31 18:00"],
		"visit_start": ["2026-06-01 10:00:00", "2099-01-01 10:00"],
		"page_length": [1, 20, 0, -5, 100000],
		"doctype": ["Client Complaint", "Client Admission", "Client Work Order", "User"],
		"token": ["0" * 64, "abc"],
		"answers": ['{"1": 5}', "{}", "[]"],
		"new_tier": ["Key Client", "Regular Client"],
	}
	return st.sampled_from(by_name.get(param) or ["Fuzz text 模糊测试", "x"])


@st.composite
def app_request(draw, fuzz):
	"""One request: an app function (module or document method) or a REST resource of an app doctype."""
	names = st.sampled_from(fuzz.names)
	values = st.one_of(VALUES, names)
	if draw(st.integers(0, 4)) == 0:
		doctype = draw(st.sampled_from(APP_DOCTYPES))
		name = draw(st.one_of(names, JUNK_TEXT.filter(lambda s: s.strip() and "/" not in s and "." not in s)))
		method = draw(st.sampled_from(["GET", "GET", "POST", "PUT", "DELETE"]))
		path = f"/api/resource/{doctype}"
		if method in ("PUT", "DELETE") or (method == "GET" and draw(st.booleans())):
			path += f"/{name}"
		if method == "DELETE" and name != UNKNOWN:
			method = "GET"  # never delete the records the other examples use
		fields = draw(st.dictionaries(st.sampled_from(fuzz.fields[doctype]), values, max_size=5))
		if method in ("GET", "DELETE"):
			return method, path, {"params": {k: encode(v) for k, v in fields.items() if v is not None}}
		return method, path, {"json": fields}
	target, params = draw(st.sampled_from(fuzz.targets))
	args = {
		p: draw(st.one_of(values, plausible(fuzz, p), plausible(fuzz, p)))
		for p in params
		if draw(st.integers(0, 9)) > 1
	}
	if draw(st.integers(0, 9)) == 0:
		args[draw(st.sampled_from(["debug", "x", "cmd", "data", "limit"]))] = draw(values)
	http_method = draw(st.sampled_from(["GET", "POST", "POST"]))
	if ":" in target:
		doctype, method = target.split(":")
		payload = {
			"dt": doctype,
			"dn": draw(names),
			"method": method,
			"args": json.dumps(args, default=str),
		}
		return "POST", "/api/method/run_doc_method", {"data": payload}
	path = f"/api/method/{target}"
	if http_method == "GET":
		return "GET", path, {"params": {k: encode(v) for k, v in args.items() if v is not None}}
	if draw(st.booleans()):
		return "POST", path, {"json": args}
	return "POST", path, {"data": {k: encode(v) for k, v in args.items() if v is not None}}


def check_answer(fuzz, actor: str, request, state: dict):
	method, path, kw = request
	response = fuzz.sessions[actor].request(method, fuzz.url + path, timeout=120, **kw)
	state["count"] += 1
	state["statuses"][response.status_code] = state["statuses"].get(response.status_code, 0) + 1
	described = f"{actor} {method} {path} {kw} → {response.status_code} {response.text[:400]}"
	assert response.status_code < 500, described
	if actor != "staff":
		assert not any(mark in response.text for mark in TRACEBACK_MARKS), described
	after = snapshot()
	if response.status_code >= 400:
		assert after == state["snapshot"], "a refused call stored something: " + described
	state["snapshot"] = after
	if response.status_code == 429:
		frappe.cache.delete_keys("agency-rl:")


def run_fuzz(fuzz, actor: str):
	state = {"count": 0, "statuses": {}, "snapshot": snapshot()}
	fuzz.started = fuzz.started or frappe.utils.now()
	examples = max(1, round(EXAMPLES * SHARE[actor]))
	started = time.monotonic()

	@settings(
		max_examples=examples,
		deadline=None,
		database=None,
		suppress_health_check=list(HealthCheck),
	)
	@given(request=app_request(fuzz))
	def one_request(request):
		check_answer(fuzz, actor, request, state)

	one_request()
	print(
		f"\n{actor}: {state['count']} requests in {time.monotonic() - started:.0f} s,"
		f" answers {dict(sorted(state['statuses'].items()))}"
	)


@pytest.mark.parametrize("actor", ["portal", "guest", "staff"])
def test_generated_bad_input_gets_no_5xx_no_traceback_and_stores_nothing(fuzz, actor):
	run_fuzz(fuzz, actor)
