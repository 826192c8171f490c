"""Set-based inserts for scheduled jobs that create thousands of rows at once.

The daily planner and the care calendar create visits, calendar entries, to-dos and reminders for a
whole client base. Inserting them one document at a time costs tens of milliseconds each; these helpers
write the same rows in a few multi-row INSERTs through Frappe's own ``frappe.db.bulk_insert``. They skip
controllers and hooks, so callers pass complete, already-valid rows and do what the hooks would have done
(a planned visit carries its ``_assign``; assignment notifications go out through ``notify``).
"""

import frappe
from frappe.model.naming import parse_naming_series
from frappe.query_builder import DocType
from frappe.utils import cint, create_batch, now
from pypika.terms import Parameter

APP_MODULE = "Agency Service"

CHUNK_SIZE = 5_000


def reserve_series_names(series: str, count: int) -> list[str]:
	"""Take ``count`` consecutive names of a naming series (e.g. ``VIS-.YYYY.-.#####``) in one update."""
	if count <= 0:
		return []
	captured = {}

	def capture(key, digits):
		captured.update(key=key, digits=digits)
		return "\0"

	template = parse_naming_series(series, number_generator=capture)
	key, digits = captured["key"], captured["digits"]
	table = DocType("Series")
	current = frappe.qb.from_(table).select(table.current).where(table.name == key).for_update().run()
	start = cint(current[0][0]) if current else 0
	if current:
		frappe.qb.update(table).set(table.current, start + count).where(table.name == key).run()
	else:
		frappe.qb.into(table).columns(table.name, table.current).insert(key, count).run()
	return [template.replace("\0", f"{n:0{digits}d}") for n in range(start + 1, start + count + 1)]


def bulk_insert_rows(doctype: str, rows: list[dict], ignore_duplicates: bool = False):
	"""Insert complete rows of ``doctype``; standard columns (creation, owner…) are filled in."""
	if not rows:
		return
	timestamp, user = now(), frappe.session.user
	standard = {
		"creation": timestamp,
		"modified": timestamp,
		"owner": user,
		"modified_by": user,
		"docstatus": 0,
		"idx": 0,
	}
	fields = list(dict.fromkeys([*standard, *rows[0]]))
	values = [tuple(row.get(field, standard.get(field)) for field in fields) for row in rows]
	if frappe.get_meta(doctype).module != APP_MODULE:
		# ERPNext's and Frappe's own tables: through Frappe's own bulk insert
		frappe.db.bulk_insert(
			doctype, fields, values, ignore_duplicates=ignore_duplicates, chunk_size=CHUNK_SIZE
		)
		return
	# The app's own tables, where the visit, care and escalation benchmarks need it: the same multi-row
	# INSERT built by frappe.qb, but with every value a bound parameter (pypika renders each value of
	# frappe.db.bulk_insert in Python, several times slower at these sizes).
	for chunk in create_batch(values, CHUNK_SIZE):
		execute_with_parameters(frappe.qb.into(DocType(doctype)).columns(*fields), chunk, ignore_duplicates)


def execute_with_parameters(query, rows: list[tuple], ignore_duplicates: bool = False, then=None):
	"""Run an INSERT of ``rows`` built with ``frappe.qb``, each value sent as a parameter. ``then`` may
	finish the query (e.g. ``on_duplicate_key_update``) before it runs."""
	width = len(rows[0])
	query = query.insert(tuple(Parameter("%s") for _ in range(width)))
	if ignore_duplicates:
		query = query.ignore()
	if then:
		query = then(query)
	# frappe.qb writes the statement for one row; the row's placeholders then stand once per row (pypika
	# rendering thousands of identical placeholders one by one was most of the escalation job's time)
	sql, placeholders = query.get_sql(), "({})".format(",".join(["%s"] * width))
	if sql.count(placeholders) != 1:
		raise ValueError(f"cannot repeat the row of: {sql}")
	sql = sql.replace(placeholders, ",".join([placeholders] * len(rows)))
	frappe.db.sql(sql, [value for row in rows for value in row])
