"""Improvement actions from the complaint analysis: owned, due, linked to their complaints, tracked to done
through a check of their effect."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from agency_service.agency_service.doctype.improvement_action.improvement_action import ImprovementError
from agency_service.guard import UncontrolledChangeError
from tests.factories import make_client, make_complaint, staff


def complaint(customer, received_at=None):
	return make_complaint(customer, received_at)


def action(owner, complaints, **kw):
	return frappe.get_doc(
		{
			"doctype": "Improvement Action",
			"title": kw.pop("title", "排期表每日同步给媒介部"),
			"responsible": owner,
			"due_date": kw.pop("due_date", add_days(nowdate(), 30)),
			"analysis_period": "2026 Q4",
			"action_plan": "<p>建立排期共享表，每日 10 点前同步。</p>",
			"complaints": [{"complaint": c} for c in complaints],
			**kw,
		}
	)


def test_an_action_is_tracked_to_done_through_its_effect_check():
	owner = staff("Account Manager")
	client = make_client()
	causes = [complaint(client.name).name, complaint(client.name).name]
	doc = action(owner, causes).insert()
	assert [row.customer for row in doc.complaints] == [client.name, client.name]
	assert frappe.db.exists("ToDo", {"reference_name": doc.name, "allocated_to": owner, "status": "Open"})

	with pytest.raises(ImprovementError):
		doc.mark_done("无", "Effective")  # not started
	doc.start_work()
	with pytest.raises(ImprovementError, match="how the effect was checked"):
		doc.mark_done(" ", "Effective")
	with pytest.raises(ImprovementError, match="outcome is one of"):
		doc.mark_done("看了", "Maybe")
	doc.mark_done("一个月内同类投诉为零", "Not Effective")
	assert frappe.db.get_value("Improvement Action", doc.name, "status") == "Not Effective"
	doc.start_work()
	doc.mark_done("两个月内同类投诉为零", "Effective")
	stored = frappe.get_doc("Improvement Action", doc.name)
	assert (stored.status, str(stored.completed_on)) == ("Done", nowdate())
	assert not frappe.db.exists("ToDo", {"reference_name": doc.name, "status": "Open"})


def test_bad_input_is_refused():
	owner = staff("Account Manager")
	client = make_client()
	cause = complaint(client.name).name
	with pytest.raises(ImprovementError, match="linked once"):
		action(owner, [cause, cause]).insert()
	with pytest.raises(ImprovementError, match="cannot be in the past"):
		action(owner, [cause], due_date=add_days(nowdate(), -1)).insert()
	with pytest.raises(UncontrolledChangeError):
		action(owner, [cause], status="Done").insert()
	frappe.local.lang = "zh"
	with pytest.raises(ImprovementError, match="每条投诉只能关联一次"):
		action(owner, [cause, cause]).insert()
