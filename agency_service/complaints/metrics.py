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
from frappe import _
from frappe.query_builder import Case, DocType
from frappe.query_builder.functions import Coalesce, Count, Sum
from frappe.utils import add_days, add_months, flt, get_datetime, getdate, now_datetime, nowdate

from agency_service.agency_service.report.utils import column
from agency_service.complaints.base import DOCTYPE, FULFILLED_STATUSES

FILTER_FIELDS = ("customer", "client_tier", "category", "account_manager", "priority")


def table():
	return DocType(DOCTYPE)


def client_table():
	"""The complaint's client (ERPNext's Customer), joined for its industry."""
	return DocType("Customer")


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


def groupings() -> dict[str, tuple[str | None, str, str | None, str]]:
	"""Every way the complaint reports group complaints: the complaint's field (none: the month received),
	and the group column's fieldtype, options and label."""
	return {
		"Client Tier": ("client_tier", "Link", "Client Tier", _("Client Tier")),
		"Category": ("category", "Link", "Complaint Category", _("Complaint Category")),
		"Account Manager": ("account_manager", "Link", "User", _("Account Manager")),
		"Root Cause": ("root_cause", "Data", None, _("Root Cause")),
		"Responsible Department": (
			"responsible_department",
			"Link",
			"Department",
			_("Responsible Department"),
		),
		"Severity": ("priority", "Link", "Issue Priority", _("Severity")),
		"Industry": ("industry", "Link", "Industry Type", _("Industry")),  # the client's, in ERPNext
		"Month": (None, "Data", None, _("Month Received")),
	}


def group_columns(grouping: str, width: int) -> list[dict]:
	"""The first columns of a complaint report: the group, and how many complaints it received."""
	_fieldname, fieldtype, options, label = groupings()[grouping]
	return [
		column(label, "group", fieldtype, width, options=options),
		column(_("Complaints"), "complaints", "Int", 100),
	]


def group_key(grouping: str):
	"""The column a report groups by (unset and empty fall together)."""
	fieldname = groupings()[grouping][0]
	if not fieldname:
		return frappe.qb.functions("DATE_FORMAT", table().received_at, "%Y-%m")
	source = client_table() if fieldname == "industry" else table()
	return Coalesce(source[fieldname], "")


def analysed_period(filters) -> tuple:
	"""The reports' period: the filters' dates, by default the last twelve months."""
	from_date = getdate(filters.get("from_date") or add_months(nowdate(), -12))
	return from_date, getdate(filters.get("to_date") or nowdate())


def received_in_period(filters):
	"""The complaints received in the report's period, narrowed by its filters."""
	c, client = table(), client_table()
	from_date, to_date = analysed_period(filters)
	query = (
		frappe.qb.from_(c)
		.left_join(client)
		.on(client.name == c.customer)
		.where((c.received_at >= from_date) & (c.received_at < add_days(to_date, 1)))
	)
	for field in FILTER_FIELDS:
		if filters.get(field):
			query = query.where(c[field] == filters.get(field))
	if filters.get("industry"):
		query = query.where(client.industry == filters.get("industry"))
	return query


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
