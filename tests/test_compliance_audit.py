"""The compliance audit (issue 16, 004 §5.3.3): reviews per period, hits per rule, rejections, work delivered
without review (must be none), and the periodic self-inspection checklist."""

import json

import frappe
import pytest
from frappe.utils import add_days, nowdate

from agency_service.agency_service.doctype.compliance_self_inspection.compliance_self_inspection import (
	ComplianceSelfInspectionError,
)
from agency_service.agency_service.report.ad_content_compliance_audit.ad_content_compliance_audit import (
	execute,
)
from agency_service.compliance.audit import delivered_without_review
from agency_service.guard import controlled_change
from agency_service.signoff.engine import sign
from tests.factories import approve_content, as_user, make_client, make_work_order, staff
from tests.live_server import api_session, call_as


def period() -> dict:
	return {"from_date": add_days(nowdate(), -1), "to_date": nowdate()}


def in_progress(client, owner, copy):
	wo = make_work_order(client, owner=owner, ad_copy=copy)
	with controlled_change():
		frappe.db.set_value("Client Work Order", wo.name, "status", "In Progress")
	return frappe.get_doc("Client Work Order", wo.name)


def summary(result) -> dict:
	return {item["label"]: item["value"] for item in result[4]}


def test_the_audit_counts_reviews_hits_per_rule_and_rejections():
	ae, legal = staff("Account Executive"), staff("Legal Reviewer")
	client = make_client().name
	before = summary(execute(period()))
	rejected = in_progress(client, ae, "全国第一，最佳选择，國家級品质")
	review = as_user(ae, rejected.request_content_review)
	as_user(legal, sign, "Ad Content Review", review, "Rejected", comment="绝对化用语")
	approve_content(in_progress(client, ae, "匠心品质，最佳拍档"), ae, legal)

	result = execute(period())
	after = summary(result)
	assert after["Reviews"] - before["Reviews"] == 2
	assert after["Rejected"] - before["Rejected"] == 1
	assert after["Approved"] - before["Approved"] == 1
	assert after["Terms Found"] - before["Terms Found"] == 4
	rows = {row.term: row for row in result[1]}
	assert rows["最佳"].hits >= 2 and rows["最佳"].hits_in_rejected >= 1
	assert "第九条" in rows["国家级"].rule
	rejections = execute({**period(), "view": "Rejections"})[1]
	assert any(r.review == review and r.comment == "绝对化用语" and r.signer == legal for r in rejections)


def test_work_delivered_without_review_is_listed_and_must_be_none():
	ae = staff("Account Executive")
	wo = in_progress(make_client().name, ae, "匠心品质")
	assert wo.name not in [r.work_order for r in delivered_without_review()]
	with controlled_change():  # what the gate makes impossible: a status written around it
		frappe.db.set_value("Client Work Order", wo.name, "status", "Delivered")
	listed = execute({**period(), "view": "Delivered Without Review"})
	assert wo.name in [r.work_order for r in listed[1]]
	assert summary(listed)["Delivered Without Review"] >= 1


def test_bad_filters_are_refused_clearly():
	with pytest.raises(frappe.ValidationError):
		execute({})
	with pytest.raises(frappe.ValidationError):
		execute({**period(), "view": "Everything"})


def test_the_self_inspection_checklist_is_completed_with_its_figures():
	legal = staff("Legal Reviewer")
	frappe.set_user(legal)
	inspection = frappe.get_doc(
		{
			"doctype": "Compliance Self-Inspection",
			"period_start": period()["from_date"],
			"period_end": nowdate(),
		}
	).insert()
	assert len(inspection.items) == 8 and inspection.status == "Open"
	inspection.delivered_without_review = 0
	inspection.reviews = 999
	with pytest.raises(frappe.ValidationError):
		inspection.save()
	inspection = frappe.get_doc(inspection.doctype, inspection.name)
	with pytest.raises(ComplianceSelfInspectionError, match="record the result"):
		inspection.complete()
	for row in inspection.items:
		row.result = "Pass"
	inspection.items[7].result = "Fail"
	inspection.save()
	with pytest.raises(ComplianceSelfInspectionError, match="corrective action"):
		frappe.get_doc(inspection.doctype, inspection.name).complete()
	inspection = frappe.get_doc(inspection.doctype, inspection.name)
	inspection.items[7].notes = "本季度未组织广告法培训，下月补训"
	if inspection.delivered_without_review:
		inspection.items[0].result = "Fail"
		inspection.items[0].notes = "已追查未经审核交付的工作单"
	inspection.save()
	frappe.get_doc(inspection.doctype, inspection.name).complete()
	done = frappe.get_doc(inspection.doctype, inspection.name)
	assert done.status == "Completed" and done.completed_on
	done.items[7].notes = "改写"
	with pytest.raises(ComplianceSelfInspectionError):
		done.save()
	frappe.set_user("Administrator")


def test_the_audit_is_run_over_http_by_legal_only(live_server, live_data):
	legal, ae = staff("Legal Reviewer"), staff("Account Executive")
	for user in (legal, ae):
		live_data.add(frappe.get_doc("User", user))
	live_data.commit()
	sessions = {user: api_session(live_server, user) for user in (legal, ae)}
	data = {"report_name": "Ad Content Compliance Audit", "filters": json.dumps(period())}
	response = call_as(sessions, legal, "POST", "/api/method/frappe.desk.query_report.run", data=data)
	assert response.ok, response.text[:300]
	labels = [item["label"] for item in response.json()["message"]["report_summary"]]
	assert "Delivered Without Review" in labels
	response = call_as(sessions, ae, "POST", "/api/method/frappe.desk.query_report.run", data=data)
	assert response.status_code == 403, response.text[:300]
