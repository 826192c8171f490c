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
from frappe.utils import cint, now

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
	frappe.db.bulk_insert(doctype, fields, values, ignore_duplicates=ignore_duplicates, chunk_size=CHUNK_SIZE)
