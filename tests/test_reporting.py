"""AE daily and weekly reports: drafted from the records of the period, completed, reviewed, reminded."""

import datetime
import json

import frappe
import pytest
from frappe.utils import add_days, get_datetime, getdate, now_datetime, nowdate

from agency_service.agency_service.doctype.account_executive_report.account_executive_report import (
	ReportError,
)
from agency_service.reporting.drafts import draft_reports, report_period
from agency_service.reporting.reminders import remind_missing_reports
from tests.factories import make_client, make_complaint, staff
from tests.live_server import api_session
from tests.visit_factories import make_visit


def activity_type() -> str:
	if not frappe.db.exists("Activity Type", "客户服务"):
		frappe.get_doc({"doctype": "Activity Type", "activity_type": "客户服务"}).insert(
			ignore_permissions=True
		)
	return "客户服务"


def timesheet(user, customer, hours, description, on=None):
	start = get_datetime(on or now_datetime()).replace(hour=9, minute=0, second=0, microsecond=0)
	return frappe.get_doc(
		{
			"doctype": "Timesheet",
			"user": user,
			"customer": customer,
			"company": frappe.defaults.get_global_default("company"),
			"time_logs": [
				{
					"activity_type": activity_type(),
					"from_time": start,
					"hours": hours,
					"description": description,
				}
			],
		}
	).insert(ignore_permissions=True)


def daily_report(ae, day=None):
	return frappe.get_doc(
		{
			"doctype": "Account Executive Report",
			"report_type": "Daily",
			"executive": ae,
			"period_start": day or nowdate(),
		}
	)


def team():
	manager, ae = staff("Account Manager"), staff("Account Executive")
	client = make_client(
		client_tier="Key Client",
		account_manager=manager,
		account_executive=ae,
		account_director=staff("Account Director"),
	)
	return manager, ae, client


def test_report_period_of_a_week_runs_monday_to_sunday():
	assert report_period("Weekly", "2026-12-02") == (getdate("2026-11-30"), getdate("2026-12-06"))
	assert report_period("Daily", "2026-12-02") == (getdate("2026-12-02"), getdate("2026-12-02"))


def test_a_daily_report_is_drafted_from_the_records_of_the_day():
	manager, ae, client = team()
	timesheet(ae, client.name, 3.5, "准备双十一媒介排期")
	timesheet(ae, client.name, 2, "上周的工作", on=add_days(now_datetime(), -3))  # another day: not in it
	start = now_datetime() - datetime.timedelta(minutes=1)
	if start.date() == getdate(nowdate()):
		visit = make_visit(
			client, start=start - datetime.timedelta(hours=1), visit_end=start, staff_attendees=[{"user": ae}]
		)
		visit.minutes = "<p>确认了排期。</p>"
		visit.submit()
	make_complaint(client.name, subject="海报色差")
	todo = frappe.get_doc({"doctype": "ToDo", "allocated_to": ae, "description": "寄送样刊"}).insert(
		ignore_permissions=True
	)
	todo.status = "Closed"
	todo.save(ignore_permissions=True)

	frappe.set_user(ae)
	report = daily_report(ae).insert()
	sources = {row.source: row for row in report.activities}
	assert sources["Timesheet"].description == "准备双十一媒介排期" and sources["Timesheet"].hours == 3.5
	assert sources["Client Complaint"].description == "海报色差"
	assert sources["Task"].description == "寄送样刊"
	if "Client Visit" in sources:
		assert "Visit Minutes" in sources
	assert report.hours == 3.5 and report.manager == manager

	with pytest.raises(ReportError, match="plan for the next period"):
		report.submit_report()
	report.reload()
	report.summary, report.next_period_plan = "完成排期", "明天提案"
	report.save()
	report.submit_report()
	report.reload()
	assert report.status == "Submitted"
	with pytest.raises(frappe.PermissionError):
		report.review("自己审自己")
	report.reload()
	report.next_period_plan = "改了"
	with pytest.raises(ReportError):
		report.save()
	with pytest.raises(ReportError, match="already has a Daily report"):
		daily_report(ae).insert()

	frappe.set_user(manager)
	report = frappe.get_doc("Account Executive Report", report.name)
	with pytest.raises(ReportError, match="Write a comment"):
		report.review(" ")
	report.review("排期要再核一次预算")
	assert frappe.db.get_value("Account Executive Report", report.name, "status") == "Reviewed"


def test_an_executive_writes_only_their_own_reports():
	_manager, ae, _client = team()
	other = staff("Account Executive")
	frappe.set_user(other)
	with pytest.raises(ReportError, match="your own reports"):
		daily_report(ae).insert()


def test_drafts_for_many_executives_at_once_and_the_reminder_for_the_missing_ones():
	manager, ae, client = team()
	second = staff("Account Executive")
	tuesday = getdate("2026-12-01")
	timesheet(ae, client.name, 4, "媒介比价", on=get_datetime("2026-11-30 09:00:00"))
	names = draft_reports([ae, second], "Daily", "2026-11-30")
	assert len(names) == 2 and draft_reports([ae], "Daily", "2026-11-30") == []
	drafted = frappe.get_doc("Account Executive Report", {"executive": ae, "period_start": "2026-11-30"})
	assert (drafted.hours, drafted.manager, drafted.activities[0].description) == (4, manager, "媒介比价")

	digests = remind_missing_reports(tuesday)  # Monday's daily report is a draft: missing
	assert ae in digests and second in digests
	# the reviewing manager hears of the team's missing report; the executive without clients has none
	ae_name = frappe.db.get_value("User", ae, "full_name")
	assert [text for _dt, _dn, text in digests[manager]] == [
		f"{ae_name}: the Daily report for 2026-11-30 is not submitted."
	]
	frappe.set_user(ae)
	drafted.reload()
	drafted.next_period_plan = "周二拜访客户"
	drafted.save()
	drafted.submit_report()
	frappe.set_user("Administrator")
	digests = remind_missing_reports(tuesday)
	assert digests == {}  # both were reminded today: a second run the same day reminds nobody again
	assert (
		frappe.db.count("Notification Log", {"for_user": second, "document_type": "Account Executive Report"})
		== 1
	)
	frappe.db.delete("Notification Log", {"for_user": ("in", [ae, second])})  # as on the next day
	digests = remind_missing_reports(tuesday)
	assert ae not in digests and second in digests and manager not in digests

	from agency_service.agency_service.report.team_reports.team_reports import execute

	_columns, rows = execute({"account_manager": manager, "from_date": "2026-11-30", "to_date": "2026-12-01"})
	row = next(r for r in rows if r["executive"] == ae)
	assert (row["daily_due"], row["daily_submitted"], row["daily_missing"], row["hours"]) == (2, 1, 1, 4)


def test_an_executive_completes_and_submits_over_http(live_server, live_data):
	manager, ae, client = team()
	for doc in (frappe.get_doc("User", manager), frappe.get_doc("User", ae), client):
		live_data.add(doc)
	live_data.commit()
	http = api_session(live_server, ae)
	day = add_days(nowdate(), -1)
	response = http.post(
		f"{live_server}/api/resource/Account Executive Report",
		json={
			"report_type": "Daily",
			"executive": ae,
			"period_start": day,
			"summary": "整理客户资料",
			"next_period_plan": "提案",
		},
		timeout=60,
	)
	assert response.ok, response.text
	name = response.json()["data"]["name"]
	live_data.records.append(("Account Executive Report", name))
	response = http.put(
		f"{live_server}/api/resource/Account Executive Report/{name}", json={"status": "Reviewed"}, timeout=60
	)
	assert response.status_code >= 400
	# a doctored copy of the form cannot mark the report reviewed, nor submit it as reviewed
	doc = http.get(f"{live_server}/api/resource/Account Executive Report/{name}", timeout=60).json()["data"]
	faked = {**doc, "status": "Reviewed", "reviewed_by": manager, "manager_comment": "很好"}
	for path, data in [
		("/api/method/frappe.desk.form.save.savedocs", {"doc": json.dumps(faked), "action": "Save"}),
		("/api/method/run_doc_method", {"method": "submit_report", "docs": json.dumps(faked)}),
		(
			"/api/method/run_doc_method",
			{"method": "review", "docs": json.dumps(doc), "args": '{"comment": "好"}'},
		),
	]:
		response = http.post(f"{live_server}{path}", data=data, timeout=60)
		assert response.status_code >= 400, (path, response.text[:300])
		frappe.db.rollback()
		assert frappe.db.get_value("Account Executive Report", name, "status") == "Draft", path
	response = http.post(
		f"{live_server}/api/method/run_doc_method",
		data={"dt": "Account Executive Report", "dn": name, "method": "submit_report"},
		timeout=60,
	)
	assert response.ok, response.text
	frappe.db.rollback()
	assert frappe.db.get_value("Account Executive Report", name, "status") == "Submitted"
	# the executive cannot review their own report, not with a form naming them the manager either
	doc = http.get(f"{live_server}/api/resource/Account Executive Report/{name}", timeout=60).json()["data"]
	response = http.post(
		f"{live_server}/api/method/run_doc_method",
		data={"method": "review", "docs": json.dumps({**doc, "manager": ae}), "args": '{"comment": "好"}'},
		timeout=60,
	)
	assert response.status_code >= 400
	frappe.db.rollback()
	assert frappe.db.get_value("Account Executive Report", name, ["status", "manager"]) == (
		"Submitted",
		manager,
	)
