"""Every user-facing string of the app has a zh and a zh-TW translation.

Strings are collected from the code itself: doctype JSON (names, labels, descriptions, select
options), the custom fields on ERPNext doctypes, role names, shipped tier names, and every
``_("…")`` (and ``_lt("…")``) in Python and Jinja templates and ``__("…")`` in JavaScript.
"""

import csv
import glob
import inspect
import json
import os
import re

import frappe
import pytest

from agency_service.roles import ALL_ROLES
from agency_service.setup.custom_fields import get_custom_fields
from agency_service.setup.install import SHIPPED_TIERS, shipped_signoff_rules
from agency_service.signoff.rules import SIGNOFF_FIELDS

APP = os.path.join(os.path.dirname(os.path.dirname(__file__)), "agency_service")
# _("…") and _lt("…"), the lazy form for labels declared at module level (a report's columns)
PY_STRING = re.compile(
	r"""(?<![\w.])_(?:lt)?\(\s*(?P<q>["'])(?P<s>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*[,)]""", re.S
)
JS_STRING = re.compile(r"""__\(\s*(?P<q>["'`])(?P<s>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*[,)]""", re.S)


def field_strings(field: dict) -> list[str]:
	strings = [field.get("label"), field.get("description")]
	if field.get("fieldtype") == "Select":
		strings += (field.get("options") or "").split("\n")
	return [s for s in strings if s]


def app_strings() -> set[str]:
	strings: set[str] = set(ALL_ROLES) | {tier[0] for tier in SHIPPED_TIERS}
	for rule in shipped_signoff_rules():
		strings |= {rule["rule_name"], rule["purpose"]} | {step["step_name"] for step in rule["steps"]}
	for path in glob.glob(os.path.join(APP, "**", "doctype", "*", "*.json"), recursive=True):
		with open(path) as f:
			doc = json.load(f)
		if doc.get("doctype") != "DocType":
			continue
		strings.add(doc["name"])
		for field in doc["fields"]:
			strings.update(field_strings(field))
	for path in glob.glob(os.path.join(APP, "**", "report", "*", "*.json"), recursive=True):
		with open(path) as f:
			strings.add(json.load(f)["name"])
	for kind, keys in (("number_card", ("label",)), ("dashboard_chart", ("chart_name",))):
		for path in glob.glob(os.path.join(APP, "**", kind, "*", "*.json"), recursive=True):
			with open(path) as f:
				doc = json.load(f)
			strings.update(doc[key] for key in keys if doc.get(key))
	for path in glob.glob(os.path.join(APP, "**", "workspace", "*", "*.json"), recursive=True):
		with open(path) as f:
			doc = json.load(f)
		strings.add(doc["label"])
		strings.update(link["label"] for link in doc["links"] if link.get("label"))
	for path in glob.glob(os.path.join(APP, "**", "print_format", "*", "*.json"), recursive=True):
		with open(path) as f:
			strings.update(m.group("s") for m in PY_STRING.finditer(json.load(f).get("html") or ""))
	for fields in (*get_custom_fields().values(), SIGNOFF_FIELDS):
		for field in fields:
			strings.update(field_strings(field))
	for pattern, ext in ((PY_STRING, "py"), (JS_STRING, "js"), (PY_STRING, "html")):
		for path in glob.glob(os.path.join(APP, "**", f"*.{ext}"), recursive=True):
			with open(path) as f:
				strings.update(
					m.group("s").encode().decode("unicode_escape").encode("latin-1").decode()
					for m in pattern.finditer(f.read())
				)
	strings |= action_labels()
	return {s for s in strings if len(s) > 1}  # single letters (credit ratings A–D) need no translation


def action_labels() -> set[str]:
	"""Names of the documents' actions and of their arguments: refusals name them (``guard``)."""
	from agency_service.guard import STANDARD_COLUMNS, ActionDocument

	labels = {frappe.unscrub(df.fieldname) for df in STANDARD_COLUMNS}
	for path in glob.glob(os.path.join(APP, "**", "doctype", "*", "*.py"), recursive=True):
		if os.path.basename(path).startswith("test_") or path.endswith("__init__.py"):
			continue
		module = frappe.get_module(os.path.relpath(path, os.path.dirname(APP))[:-3].replace(os.sep, "."))
		for cls in vars(module).values():
			if not (isinstance(cls, type) and issubclass(cls, ActionDocument)):
				continue
			for name, method in vars(cls).items():
				if getattr(method, "_stored_action", False):
					labels.add(frappe.unscrub(name))
					labels |= {
						frappe.unscrub(arg) for arg in inspect.signature(method).parameters if arg != "self"
					}
	return labels


def translations(lang: str, app: str = "agency_service") -> dict[str, str]:
	path = os.path.join(APP, "translations", f"{lang}.csv")
	if app != "agency_service":
		# get_app_path would scrub "zh-TW.csv" into "zh_tw.csv": join the file name ourselves
		path = os.path.join(frappe.get_app_path(app, "translations"), f"{lang}.csv")
	with open(path, newline="") as f:
		return {row[0]: row[1] for row in csv.reader(f) if len(row) >= 2 and row[1].strip()}


def test_string_collection_finds_the_app_strings():
	strings = app_strings()
	assert {"Client Tier", "Visit Every (Days)", "Critical", "Private Notes", "Account Director"} <= strings
	assert "Row {0}: severity {1} is listed more than once." in strings
	assert "Clients in this Tier" in strings
	assert "Locked Tier Overrides" in strings  # a report column, declared with _lt


@pytest.mark.parametrize("lang", ["zh", "zh-TW"])
def test_every_string_is_translated(lang):
	# Generic words (High, Email, Approved…) keep the host's translation: overriding them would change
	# them everywhere in ERPNext.
	known = set(translations(lang)) | set(translations(lang, "frappe")) | set(translations(lang, "erpnext"))
	missing = sorted(app_strings() - known)
	assert not missing, f"{len(missing)} strings lack a {lang} translation: {missing}"


@pytest.mark.parametrize("lang", ["zh", "zh-TW"])
def test_translations_keep_placeholders(lang):
	for source, target in translations(lang).items():
		assert re.findall(r"\{\d\}", source) == re.findall(r"\{\d\}", target) or sorted(
			re.findall(r"\{\d\}", source)
		) == sorted(re.findall(r"\{\d\}", target)), (source, target)
