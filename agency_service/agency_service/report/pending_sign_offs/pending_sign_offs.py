# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe import _, _lt
from frappe.query_builder import DocType
from frappe.utils import get_datetime, now_datetime

from agency_service.agency_service.report.utils import as_columns, chart, report
from agency_service.signoff.overdue import pending_requests_query

COLUMNS = {
	"approver:Link/User:220": _lt("Approver"),
	"reference_doctype:Data:150": _lt("Document Type"),
	"reference_name:Dynamic Link/reference_doctype:160": _lt("Document"),
	"step:Data:180": _lt("Step"),
	"waiting_since:Datetime:160": _lt("Waiting Since"),
	"age_hours:Float:110": _lt("Age (Hours)"),
	"step_deadline:Datetime:160": _lt("Step Deadline"),
	"overdue:Check:80": _lt("Overdue"),
	"request:Link/Sign-off Request:150": _lt("Sign-off Request"),
}


@report
def execute(filters):
	rows = get_data(filters)
	return as_columns(COLUMNS), rows, None, get_chart(rows), get_summary(rows)


def get_data(filters):
	request = DocType("Sign-off Request")
	query = pending_requests_query().orderby(request.step_started_at)
	if filters.document_type:
		query = query.where(request.reference_doctype == filters.document_type)
	now = now_datetime()
	rows = []
	for r in query.run(as_dict=True):
		for approver in filter(None, (r.pending_with or "").split("\n")):
			if filters.approver and approver != filters.approver:
				continue
			started = get_datetime(r.step_started_at)
			rows.append(
				{
					"approver": approver,
					"reference_doctype": r.reference_doctype,
					"reference_name": r.reference_name,
					"step": f"{r.current_step_no} · {_(r.current_step_name)}",
					"waiting_since": r.step_started_at,
					"age_hours": (now - started).total_seconds() / 3600 if started else None,
					"step_deadline": r.step_deadline,
					"overdue": 1 if r.step_deadline and get_datetime(r.step_deadline) < now else 0,
					"request": r.name,
				}
			)
	return rows


def get_chart(rows):
	counts: dict[str, int] = {}
	for row in rows:
		counts[row["approver"]] = counts.get(row["approver"], 0) + 1
	top = sorted(counts.items(), key=lambda item: -item[1])[:15]
	return chart([a for a, _n in top], {_("Pending"): [n for _a, n in top]})


def get_summary(rows):
	return [
		{"label": _("Pending Sign-offs"), "value": len({r["request"] for r in rows}), "indicator": "Blue"},
		{
			"label": _("Overdue"),
			"value": len({r["request"] for r in rows if r["overdue"]}),
			"indicator": "Red",
		},
	]
