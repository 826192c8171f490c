"""Survey Results: CSAT per service dimension and NPS, grouped by tier, account manager, client or month,
with the CSAT/NPS trend by month as its chart. Sums the answer counts stored on each response."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import add_months, getdate, nowdate

from agency_service.agency_service.report.utils import as_columns, chart, column, report
from agency_service.surveys.scores import DIMENSIONS, csat_from_counts, nps_from_counts

GROUPS = {
	"Client Tier": ("client_tier", "Link", "Client Tier"),
	"Account Manager": ("account_manager", "Link", "User"),
	"Customer": ("customer", "Link", "Customer"),
	"Month": ("month", "Data", None),
}


@report
def execute(filters):
	filters.from_date = getdate(filters.from_date or add_months(nowdate(), -12))
	filters.to_date = getdate(filters.to_date or nowdate())
	group_by = filters.group_by if filters.group_by in GROUPS else "Client Tier"
	if group_by == "Customer":  # too many clients × months to fold in Python: two scans
		grouped, monthly = aggregate(filters, group_by), aggregate(filters, "Month")
	else:  # one scan grouped by (group, month), folded both ways
		cells = aggregate(filters, group_by, by_month=True)
		grouped, monthly = fold(cells, "grp"), fold(cells, "month")
	rows = [figures(row) | {"group": row.grp} for row in grouped]
	trend = [figures(row) | {"group": row.grp} for row in monthly]
	return columns(group_by), rows, None, trend_chart(trend), summary(add_up(monthly))


def response_query(filters):
	response = frappe.qb.DocType("Survey Response")
	query = frappe.qb.from_(response).where(
		(response.responded_on >= filters.from_date)
		& (response.responded_on < frappe.utils.add_days(filters.to_date, 1))
	)
	for field in ("client_tier", "account_manager", "customer", "channel"):
		if filters.get(field):
			query = query.where(response[field] == filters.get(field))
	return response, query


def aggregate(filters, group_by: str, by_month: bool = False):
	response, query = response_query(filters)
	Sum = frappe.qb.functions
	measures = [
		Count("*").as_("responses"),
		Sum("SUM", response.rated_total).as_("rated_total"),
		Sum("SUM", response.satisfied_total).as_("satisfied_total"),
		Sum("SUM", response.nps_category == "Promoter").as_("promoters"),
		Sum("SUM", response.nps_category == "Passive").as_("passives"),
		Sum("SUM", response.nps_category == "Detractor").as_("detractors"),
		Sum("SUM", response.needs_follow_up).as_("follow_ups"),
	]
	for key in DIMENSIONS.values():
		measures.append(Sum("SUM", response[f"rated_{key}"]).as_(f"rated_{key}"))
		measures.append(Sum("SUM", response[f"satisfied_{key}"]).as_(f"satisfied_{key}"))
	month = frappe.qb.functions("DATE_FORMAT", response.responded_on, "%Y-%m")
	key = month if group_by == "Month" else response[GROUPS[group_by][0]]
	query = query.select(key.as_("grp"), *measures).groupby(key).orderby(key)
	if by_month:
		query = query.select(month.as_("month")).groupby(month)
	return query.run(as_dict=True)


def fold(cells, key: str) -> list[frappe._dict]:
	"""Add up (group, month) cells by one of the two, in the order of that key."""
	folded: dict = {}
	for cell in cells:
		row = folded.setdefault(cell[key], frappe._dict(grp=cell[key]))
		for measure, value in cell.items():
			if measure not in ("grp", "month"):
				row[measure] = (row.get(measure) or 0) + (value or 0)
	return [folded[k] for k in sorted(folded, key=lambda k: (k is None, k or ""))]


def add_up(rows) -> frappe._dict:
	"""The totals of grouped rows: every measure is a count, so the sum is the total."""
	total = frappe._dict()
	for row in rows:
		for key, value in row.items():
			if key not in ("grp", "month"):
				total[key] = (total.get(key) or 0) + (value or 0)
	return total


def figures(row) -> dict:
	result = {
		"responses": int(row.get("responses") or 0),
		"csat": csat_from_counts(int(row.get("satisfied_total") or 0), int(row.get("rated_total") or 0)),
		"promoters": int(row.get("promoters") or 0),
		"passives": int(row.get("passives") or 0),
		"detractors": int(row.get("detractors") or 0),
		"follow_ups": int(row.get("follow_ups") or 0),
	}
	result["nps"] = nps_from_counts(
		result["promoters"],
		result["detractors"],
		result["promoters"] + result["passives"] + result["detractors"],
	)
	for key in DIMENSIONS.values():
		result[f"csat_{key}"] = csat_from_counts(
			int(row.get(f"satisfied_{key}") or 0), int(row.get(f"rated_{key}") or 0)
		)
	return result


def columns(group_by: str) -> list[dict]:
	_fieldname, fieldtype, options = GROUPS[group_by]
	labels = {
		"Client Tier": _("Client Tier"),
		"Account Manager": _("Account Manager"),
		"Customer": _("Customer"),
		"Month": _("Month"),
	}
	dimension_labels = {
		"quality": _("Service Quality"),
		"attitude": _("Service Attitude"),
		"efficiency": _("Service Efficiency"),
		"effect": _("Service Effect"),
		"overall": _("Overall Satisfaction"),
	}
	overall = {"responses:Int:100": _("Responses"), "csat:Percent:100": _("CSAT")}
	dimensions = {f"csat_{key}:Percent:120": dimension_labels[key] for key in DIMENSIONS.values()}
	group = column(labels[group_by], "group", fieldtype, 180, options=options)
	nps = {
		"nps:Float:90": _("NPS"),
		"promoters:Int:100": _("Promoters"),
		"passives:Int:100": _("Passives"),
		"detractors:Int:100": _("Detractors"),
		"follow_ups:Int:100": _("Follow-ups"),
	}
	return [group, *as_columns(overall | dimensions | nps)]


def trend_chart(trend: list[dict]) -> dict:
	if not trend:
		# no labels: the desk shows "No Data" instead of drawing an empty line (the workspace chart
		# widget draws any chart with a label list, and an empty one is an SVG error in the console)
		return {"data": {}, "type": "line"}
	series = {
		_("CSAT"): [round(row["csat"] or 0, 1) for row in trend],
		_("NPS"): [round(row["nps"] or 0, 1) for row in trend],
	}
	# frappe-charts draws a one-point line as a broken SVG path ("M"): one month is a bar
	chart_type = "line" if len(trend) > 1 else "bar"
	return chart([row["group"] for row in trend], series, chart_type, fieldtype="Float")


def summary(total) -> list[dict]:
	result = figures(total)
	return [
		{"value": result["responses"], "label": _("Responses"), "datatype": "Int"},
		{"value": result["csat"] or 0, "label": _("CSAT"), "datatype": "Percent", "indicator": "Blue"},
		{"value": round(result["nps"] or 0, 1), "label": _("NPS"), "datatype": "Float", "indicator": "Green"},
		{"value": result["follow_ups"], "label": _("Follow-ups"), "datatype": "Int", "indicator": "Red"},
	]
