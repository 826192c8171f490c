"""Complaint figures for reports and workspace cards, computed in SQL over the whole complaint table.

A deadline is *met* when the complaint was answered (first response) or resolved by it, *breached* when
it was missed — answered or resolved late, flagged by the escalation job or the lifecycle actions, or
still open past the deadline — and *pending* otherwise: still running, paused while the agency waits on
the client (ERPNext clears a paused deadline), or no deadline at all. ``met + breached + pending`` is
every complaint, and compliance is ``met / (met + breached)``.

The same conditions serve the SLA compliance report, the analysis report and the "at risk" card, so a
complaint counts the same way everywhere.
"""

import frappe
from frappe.query_builder import Case, DocType
from frappe.query_builder.functions import Coalesce, Count, Sum
from frappe.utils import flt, get_datetime, now_datetime

from agency_service.complaints.base import DOCTYPE, FULFILLED_STATUSES


def table():
	return DocType(DOCTYPE)


def response_breached(now):
	c = table()
	return (
		(c.response_breached == 1)
		| (c.first_responded_on.isnotnull() & (c.first_responded_on > c.response_by))
		| (c.first_responded_on.isnull() & (c.response_by <= now))
	)


def response_met(now):
	"""Only meaningful after ``response_breached`` has been ruled out (see ``count_states``)."""
	return table().first_responded_on.isnotnull()


def resolution_breached(now):
	c = table()
	fulfilled = c.status.isin(FULFILLED_STATUSES)
	return (
		(c.resolution_breached == 1)
		| (fulfilled & (c.sla_resolution_date > c.sla_resolution_by))
		| (c.status.notin(FULFILLED_STATUSES) & (c.sla_resolution_by <= now))
	)


def resolution_met(now):
	return table().status.isin(FULFILLED_STATUSES)


def any_breached(now):
	return response_breached(now) | resolution_breached(now)


def count_states(prefix: str, breached, met) -> list:
	"""``{prefix}_met``, ``{prefix}_breached`` and ``{prefix}_pending`` counts for a grouped select."""
	return [
		Sum(Case().when(breached, 0).when(met, 1).else_(0)).as_(f"{prefix}_met"),
		Sum(Case().when(breached, 1).else_(0)).as_(f"{prefix}_breached"),
		Sum(Case().when(breached, 0).when(met, 0).else_(1)).as_(f"{prefix}_pending"),
	]


def sla_measures(now) -> list:
	return [
		Count("*").as_("complaints"),
		*count_states("response", response_breached(now), response_met(now)),
		*count_states("resolution", resolution_breached(now), resolution_met(now)),
	]


def column(label: str, fieldname: str, fieldtype: str = "Int", width: int = 130, **extra) -> dict:
	return {"label": label, "fieldname": fieldname, "fieldtype": fieldtype, "width": width, **extra}


def group_column(label: str, fieldtype: str, options: str | None, width: int = 180) -> dict:
	return column(label, "group", fieldtype, width, **({"options": options} if options else {}))


def group_key(fieldname: str | None):
	"""The column a report groups by (unset and empty fall together); no column means the month received."""
	if not fieldname:
		return frappe.qb.functions("DATE_FORMAT", table().received_at, "%Y-%m")
	return Coalesce(table()[fieldname], "")


def compliance(met: int, breached: int) -> float | None:
	"""Share of decided deadlines that were met, in percent; None while none is decided."""
	decided = (met or 0) + (breached or 0)
	return flt(100.0 * (met or 0) / decided, 1) if decided else None


def at_risk(now):
	"""Open complaints whose running deadline has passed its warning point (75 %) or the deadline itself."""
	c = table()
	unanswered = c.first_responded_on.isnull() & ((c.response_warn_at <= now) | (c.response_by <= now))
	resolution = (c.resolution_warn_at <= now) | (c.sla_resolution_by <= now) | (c.resolution_breached == 1)
	return c.status.notin(FULFILLED_STATUSES) & (unanswered | resolution)


def count_at_risk(now=None) -> int:
	now = get_datetime(now) if now else now_datetime()
	query = frappe.qb.from_(table()).select(Count("*")).where(at_risk(now))
	return query.run()[0][0]
