"""What the app's query reports share: how ``execute`` receives its filters, how columns and a chart are
declared, how a grouping filter is read, how a count is taken in SQL. Each report keeps its own query and
figures."""

import functools

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Sum


def report(execute):
	"""A report's ``execute`` gets its filters as a ``frappe._dict``, empty when none are given (Frappe's
	report runner passes one; a direct call may pass a plain dict or nothing)."""

	@functools.wraps(execute)
	def run(filters=None):
		return execute(frappe._dict(filters or {}))

	return run


def column(label: str, fieldname: str, fieldtype: str = "Data", width: int = 120, **extra) -> dict:
	"""A report column; ``extra`` carries ``options`` and the like (left out when None). The app's Float
	figures (scores, NPS, hours) show one decimal."""
	column = {"label": label, "fieldname": fieldname, "fieldtype": fieldtype, "width": width}
	if fieldtype == "Float":
		column["precision"] = 1
	return column | {key: value for key, value in extra.items() if value is not None}


def as_columns(spec: dict) -> list[dict]:
	"""A report's columns stated as data, one line each: ``{"fieldname:Fieldtype[/Options]:width": label}``
	— Frappe's own ``Label:Fieldtype/Options:Width`` column string, keyed by the fieldname, with the label
	as the value. A report declares them once at module level with ``_lt`` (``"customer:Link/Customer:180":
	_lt("Client")``), translated into the language of each request that reads them."""
	result = []
	for key, label in spec.items():
		fieldname, fieldtype, width = key.split(":")
		fieldtype, _slash, options = fieldtype.partition("/")
		result.append(column(str(label), fieldname, fieldtype, int(width), options=options or None))
	return result


def chart(labels: list, series: dict, chart_type: str = "bar", **options) -> dict | None:
	"""A report's chart: ``series`` maps each dataset's name to its values, one per label; ``options`` are
	frappe-charts' (``colors``, ``barOptions``, ``fieldtype``). None without labels: an empty chart draws
	broken SVG paths in the browser."""
	if not labels:
		return None
	datasets = [{"name": name, "values": values} for name, values in series.items()]
	return {"data": {"labels": labels, "datasets": datasets}, "type": chart_type, **options}


def chosen_grouping(filters, fieldname: str, groupings, default: str, refusal: str | None = None) -> str:
	"""The grouping a report's filter asks for (``default`` when unset), refused unless it is one of
	``groupings``; ``refusal`` is the translated message, with ``{0}`` for the choices."""
	grouping = filters.get(fieldname) or default
	if grouping not in groupings:
		message = refusal or _("Group by one of: {0}.")
		frappe.throw(message.format(", ".join(_(g) for g in groupings)))
	return grouping


def analysis_report(analyses, default: str, get_data, get_columns, get_chart, get_summary):
	"""The ``execute`` of an analysis report: its figures grouped by the ``analyse_by`` filter's choice."""

	@report
	def execute(filters):
		analyse_by = chosen_grouping(filters, "analyse_by", analyses, default, _("Analyse by one of: {0}."))
		rows = get_data(filters, analyse_by)
		return get_columns(analyse_by), rows, None, get_chart(rows, analyse_by), get_summary(rows)

	return execute


def count_when(condition):
	"""SQL: how many rows meet ``condition``."""
	return Sum(Case().when(condition, 1).else_(0))
