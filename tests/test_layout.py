"""The app's layout holds together: no import circle, and every name one part uses of another exists.

Read from the code itself (Python, JavaScript, JSON, HTML of the app), so a module moved, a doctype renamed
or a method dropped in one feature fails here instead of at a user's click.
"""

import ast
import glob
import importlib
import json
import os
import re

import frappe

APP = os.path.join(os.path.dirname(os.path.dirname(__file__)), "agency_service")
ROOT = os.path.dirname(APP)
DOTTED = re.compile(r"\bagency_service(?:\.[A-Za-z_]\w*)+")


def app_files(*exts: str) -> list[str]:
	return sorted(
		path
		for ext in exts
		for path in glob.glob(os.path.join(APP, "**", f"*.{ext}"), recursive=True)
		if "/node_modules/" not in path and "/translations/" not in path
	)


def module_name(path: str) -> str:
	rel = os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".")
	return rel[: -len(".__init__")] if rel.endswith(".__init__") else rel


# --- import circles ------------------------------------------------------------------------------


def imports_of(path: str) -> set[str]:
	"""Every app module a file imports, at the top or inside a function."""
	modules = set()
	package = module_name(path) if path.endswith("__init__.py") else module_name(path).rpartition(".")[0]
	for node in ast.walk(ast.parse(open(path).read())):
		if isinstance(node, ast.Import):
			modules |= {alias.name for alias in node.names}
		elif isinstance(node, ast.ImportFrom):
			base = node.module or ""
			if node.level:
				parts = package.split(".")
				base = ".".join([*parts[: len(parts) - node.level + 1], base])
			modules.add(base.strip("."))
			modules |= {f"{base}.{alias.name}".strip(".") for alias in node.names}
	return {m for m in modules if m.startswith("agency_service")}


def import_graph() -> dict[str, set[str]]:
	files = {module_name(p): p for p in app_files("py")}
	return {mod: {m for m in imports_of(path) if m in files and m != mod} for mod, path in files.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
	"""Strongly connected components of more than one module (Tarjan)."""
	index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

	def visit(node):
		index[node] = low[node] = counter[0]
		counter[0] += 1
		stack.append(node)
		on_stack.add(node)
		for nxt in graph.get(node, ()):
			if nxt not in index:
				visit(nxt)
				low[node] = min(low[node], low[nxt])
			elif nxt in on_stack:
				low[node] = min(low[node], index[nxt])
		if low[node] == index[node]:
			component = []
			while True:
				member = stack.pop()
				on_stack.discard(member)
				component.append(member)
				if member == node:
					break
			if len(component) > 1:
				found.append(sorted(component))

	for node in sorted(graph):
		if node not in index:
			visit(node)
	return found


def test_the_circle_finder_finds_a_circle():
	assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
	assert circles({"a": {"b"}, "b": set()}) == []


def test_the_app_has_no_import_circle():
	graph = import_graph()
	assert "agency_service.signoff.engine" in graph  # the graph covers the packages
	assert not circles(graph)


def test_demo_steps_do_not_import_each_other():
	graph = import_graph()
	steps = {
		m
		for m in graph
		if m.startswith("agency_service.demo.") and m.rsplit(".", 1)[1] not in ("base", "runner")
	}
	for step in steps:
		assert not graph[step] & steps, (step, graph[step] & steps)


# --- every dotted path the app names resolves ----------------------------------------------------------


def resolves(path: str) -> bool:
	try:
		importlib.import_module(path)
		return True
	except ImportError:
		pass
	module, _, attr = path.rpartition(".")
	try:
		return hasattr(importlib.import_module(module), attr)
	except ImportError:
		return False


def named_paths() -> dict[str, str]:
	overridden = set(frappe.get_hooks("override_whitelisted_methods", app_name="agency_service"))
	paths = {}
	for path in app_files("py", "js", "json", "html"):
		text = open(path).read()
		for match in DOTTED.finditer(text):
			name = match.group(0)
			if name in overridden or name.endswith((".py", ".js", ".json", ".html", ".css", ".bundle")):
				continue
			paths.setdefault(name, os.path.relpath(path, ROOT))
	return paths


def test_every_dotted_path_resolves():
	paths = named_paths()
	assert "agency_service.api.signoff.sign_document" in paths  # the JS panel's calls are read
	broken = {name: where for name, where in paths.items() if not resolves(name)}
	assert not broken


def test_old_paths_are_overridden_to_methods_that_exist():
	for old, new in frappe.get_hooks("override_whitelisted_methods", app_name="agency_service").items():
		target = frappe.get_attr(new[-1] if isinstance(new, list) else new)
		assert target in frappe.whitelisted, (old, new)


def test_scheduler_and_document_event_paths_resolve():
	hooks = frappe.get_hooks(app_name="agency_service")
	methods = [
		m
		for jobs in hooks.get("scheduler_events", {}).values()
		for m in (jobs.values() if isinstance(jobs, dict) else [jobs])
	]
	flat = [m for group in methods for m in (group if isinstance(group, list) else [group])]
	for events in hooks.get("doc_events", {}).values():
		for handlers in events.values():
			flat += handlers if isinstance(handlers, list) else [handlers]
	for method in flat:
		assert callable(frappe.get_attr(method)), method


# --- every doctype the app names exists -------------------------------------------------------------------

DOCTYPE_CALLS = {
	"get_doc",
	"new_doc",
	"get_all",
	"get_list",
	"get_value",
	"get_single",
	"get_cached_doc",
	"get_meta",
	"exists",
	"count",
	"set_value",
	"delete_doc",
	"delete_doc_if_exists",
	"DocType",
	"has_permission",
	"get_singles_dict",
	"set_single_value",
	"get_single_value",
}
NOT_DOCTYPES = {"DocType", "Series"}  # Series: the naming-series counter table, not a doctype


def doctype_names() -> dict[str, str]:
	names = {}
	for path in app_files("py"):
		tree = ast.parse(open(path).read())
		consts = {
			t.id: n.value.value
			for n in tree.body
			if isinstance(n, ast.Assign)
			and isinstance(n.value, ast.Constant)
			and isinstance(n.value.value, str)
			for t in n.targets
			if isinstance(t, ast.Name)
		}
		for node in ast.walk(tree):
			if not (isinstance(node, ast.Call) and node.args):
				continue
			func = node.func
			name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
			if name not in DOCTYPE_CALLS:
				continue
			first = node.args[0]
			value = first.value if isinstance(first, ast.Constant) else consts.get(getattr(first, "id", None))
			if isinstance(value, str) and value and value[0].isupper():
				names.setdefault(value, os.path.relpath(path, ROOT))
	for path in app_files("json"):
		doc = json.load(open(path))
		if isinstance(doc, dict) and doc.get("doctype") == "DocType":
			for field in doc["fields"]:
				if field.get("fieldtype") in ("Link", "Table", "Table MultiSelect") and field.get("options"):
					names.setdefault(field["options"], os.path.relpath(path, ROOT))
	return {n: w for n, w in names.items() if n not in NOT_DOCTYPES}


def test_every_doctype_the_app_names_exists():
	names = doctype_names()
	assert {"Client Work Order", "Client Complaint", "Customer", "Sign-off Request"} <= set(names)
	missing = {name: where for name, where in names.items() if not frappe.db.exists("DocType", name)}
	assert not missing


def options(doctype: str, fieldname: str = "status") -> set[str]:
	return set((frappe.get_meta(doctype).get_field(fieldname).options or "").split("\n")) - {""}


def test_status_values_the_engines_name_are_options_of_their_doctypes():
	from agency_service.agency_service.doctype.client_work_order import client_work_order
	from agency_service.complaints import base as complaints
	from agency_service.visits import rules as visits

	assert {*complaints.OPEN_STATUSES, *complaints.HOLD_STATUSES, *complaints.FULFILLED_STATUSES} <= options(
		"Client Complaint"
	)
	assert {
		visits.PLANNED,
		visits.MINUTES_DUE,
		visits.MINUTES_OVERDUE,
		visits.COMPLETED,
		visits.CANCELLED,
	} <= (options("Client Visit"))
	assert set(client_work_order.CLOSED_STATUSES) <= options("Client Work Order")
	# every status a work order action moves from or to
	text = open(client_work_order.__file__).read()
	moves = set(
		re.findall(
			r"""["']([A-Z][A-Za-z -]+)["']""",
			" ".join(re.findall(r"self\.transition\((.*?)\)\n", text, re.S)),
		)
	)
	assert moves and moves <= options("Client Work Order"), moves - options("Client Work Order")


# --- the API ------------------------------------------------------------------------------------------


def whitelisted_functions():
	for path in app_files("py"):
		for node in ast.walk(ast.parse(open(path).read())):
			if isinstance(node, ast.FunctionDef) and any(
				"whitelist" in ast.unparse(decorator) for decorator in node.decorator_list
			):
				yield os.path.relpath(path, ROOT), node


def test_every_whitelisted_method_is_type_annotated():
	"""Frappe checks the types of an annotated method's arguments before it runs: every argument has one."""
	unannotated = [
		(path, fn.name, arg.arg)
		for path, fn in whitelisted_functions()
		for arg in [*fn.args.args, *fn.args.kwonlyargs]
		if arg.arg != "self" and arg.annotation is None
	]
	assert not unannotated


def test_whitelisted_methods_outside_doctypes_live_in_api():
	misplaced = [
		(path, fn.name)
		for path, fn in whitelisted_functions()
		if not path.startswith(("agency_service/api/", "agency_service/agency_service/doctype/"))
	]
	assert not misplaced


# --- schema -------------------------------------------------------------------------------------------


def test_the_apps_own_doctypes_carry_their_fields_in_their_json():
	"""Custom fields only on host doctypes; the sign-off fields of the app's doctypes are in their JSON.

	The agreement fields of Client Complaint remain ERPNext's own (its Service Level Agreement adds them
	to whatever doctype an agreement targets and resets them on every new agreement)."""
	own = set(frappe.get_all("DocType", {"module": "Agency Service"}, pluck="name"))
	for doctype in ("Client Admission", "Client Work Order", "Client Complaint", "Client Tier Change"):
		path = os.path.join(
			APP, "agency_service", "doctype", frappe.scrub(doctype), f"{frappe.scrub(doctype)}.json"
		)
		fields = {f["fieldname"] for f in json.load(open(path))["fields"]}
		assert {"signoff_status", "signoff_request"} <= fields, doctype
	from agency_service.complaints.agreements import agreement_fields

	erpnext_fields = {f["fieldname"] for f in agreement_fields()}
	custom = frappe.get_all("Custom Field", {"dt": ("in", list(own))}, ["dt", "fieldname"])
	assert not [c for c in custom if not (c.dt == "Client Complaint" and c.fieldname in erpnext_fields)]
