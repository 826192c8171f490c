"""What the app's query reports share: how a column is declared, how a grouping filter is read, how a
count is taken in SQL. Each report keeps its own query and figures."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Sum


def column(label: str, fieldname: str, fieldtype: str = "Data", width: int = 120, **extra) -> dict:
	"""A report column; ``extra`` carries ``options`` and the like (left out when None). The app's Float
	figures (scores, NPS, hours) show one decimal."""
	column = {"label": label, "fieldname": fieldname, "fieldtype": fieldtype, "width": width}
	if fieldtype == "Float":
		column["precision"] = 1
	return column | {key: value for key, value in extra.items() if value is not None}


def link_column(label: str, fieldname: str, doctype: str, width: int = 180) -> dict:
	return column(label, fieldname, "Link", width, options=doctype)


def chosen_grouping(filters, fieldname: str, groupings, default: str, refusal: str | None = None) -> str:
	"""The grouping a report's filter asks for (``default`` when unset), refused unless it is one of
	``groupings``; ``refusal`` is the translated message, with ``{0}`` for the choices."""
	grouping = filters.get(fieldname) or default
	if grouping not in groupings:
		message = refusal or _("Group by one of: {0}.")
		frappe.throw(message.format(", ".join(_(g) for g in groupings)))
	return grouping


def count_when(condition):
	"""SQL: how many rows meet ``condition``."""
	return Sum(Case().when(condition, 1).else_(0))
