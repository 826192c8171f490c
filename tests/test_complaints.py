"""Client complaints on the real site: deadlines per tier × severity (working hours, holidays, pauses),
the whole lifecycle, reopening, the compensation sign-off and each escalation level once."""

import frappe
import pytest
from frappe.utils import add_to_date, get_datetime

from agency_service.complaints import agreements, escalation
from agency_service.guard import UncontrolledChangeError
from agency_service.signoff.engine import sign
from tests.factories import make_client, make_contact, staff

MONDAY = "2026-11-16 10:00:00"  # a Monday; complaint working hours are Mon–Fri 09:00–18:00


@pytest.fixture(autouse=True)
def fresh_caches():
	"""Agreements and holiday lists are cached documents: drop what a rolled-back test left behind."""
	yield
	frappe.flags.current_time = None
	for doctype in ("Service Level Agreement", "Holiday List"):
		for name in frappe.get_all(doctype, pluck="name"):
			frappe.clear_document_cache(doctype, name)
	frappe.clear_document_cache("Complaint Settings", "Complaint Settings")


@pytest.fixture
def team():
	return frappe._dict(
		manager=staff("Account Manager"),
		director=staff("Account Director"),
		investigator=staff("Account Executive"),
	)


def client_of(tier: str, team) -> "frappe.Document":
	return make_client(client_tier=tier, account_manager=team.manager, account_director=team.director)


def file_complaint(customer, severity="High", received_at=MONDAY, **kw):
	return frappe.get_doc(
		{
			"doctype": "Client Complaint",
			"customer": customer,
			"subject": kw.pop("subject", "投放排期出错"),
			"content": kw.pop("content", "<p>The TV spot ran a day late.</p>"),
			"category": kw.pop("category", "Contract Performance"),
			"priority": severity,
			"channel": "Phone",
			"received_at": received_at,
			**kw,
		}
	).insert()


def dt(value):
	return get_datetime(value)


# --- deadlines ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"tier, severity, response_by, resolution_by",
	[
		# Key Client: High 4 h / 36 h — Mon 10:00 + 4 h; 36 h = Mon 8 + Tue 9 + Wed 9 + Thu 9 + Fri 1
		("Key Client", "High", "2026-11-16 14:00", "2026-11-20 10:00"),
		# Strategic Client: Critical 1 h / 8 h — exactly the rest of Monday
		("Strategic Client", "Critical", "2026-11-16 11:00", "2026-11-16 18:00"),
		# Regular Client: Low 48 h / 240 h — whole working days, weekends skipped
		("Regular Client", "Low", "2026-11-23 13:00", "2026-12-22 16:00"),
		# Potential Client: Medium 24 h / 96 h
		("Potential Client", "Medium", "2026-11-18 16:00", "2026-11-30 16:00"),
	],
)
def test_deadlines_follow_tier_and_severity_in_working_hours(
	team, tier, severity, response_by, resolution_by
):
	complaint = file_complaint(client_of(tier, team).name, severity)
	assert complaint.client_tier == tier
	assert complaint.service_level_agreement == agreements.agreement_name(tier)
	assert complaint.response_by == dt(response_by)
	assert complaint.sla_resolution_by == dt(resolution_by)


@pytest.mark.parametrize("severity", ["Critical", "High", "Medium", "Low"])
def test_deadlines_are_those_of_erpnexts_own_engine(team, severity):
	"""The complaint runs ERPNext's agreement steps with the agreement from the cache: the figures must
	be those of ERPNext's own entry point, which reads the agreement from the database."""
	from erpnext.support.doctype.service_level_agreement.service_level_agreement import process_sla

	complaint = file_complaint(
		client_of("Regular Client", team).name, severity, received_at="2026-11-13 17:30"
	)
	again = frappe.get_doc(complaint.as_dict())
	again.response_by = again.sla_resolution_by = again.agreement_status = None
	process_sla(again, frappe._dict(name=complaint.service_level_agreement, apply_sla_for_resolution=1))
	assert complaint.response_by and complaint.sla_resolution_by
	assert (complaint.response_by, complaint.sla_resolution_by, complaint.agreement_status) == (
		again.response_by,
		again.sla_resolution_by,
		again.agreement_status,
	)


def test_received_on_a_weekend_starts_the_clock_on_monday(team):
	complaint = file_complaint(client_of("Key Client", team).name, "High", received_at="2026-11-14 15:00")
	assert complaint.response_by == dt("2026-11-16 13:00")


def test_holidays_do_not_count(team):
	holiday_list = frappe.get_doc("Holiday List", agreements.settings().holiday_list)
	holiday_list.append("holidays", {"holiday_date": "2026-11-17", "description": "Test holiday"})
	holiday_list.save()
	complaint = file_complaint(client_of("Key Client", team).name, "High")
	# Tuesday skipped: Mon 8 + Wed 9 + Thu 9 + Fri 9 + next Mon 1
	assert complaint.sla_resolution_by == dt("2026-11-23 10:00")


def test_tier_deadlines_changed_on_the_tier_apply_to_new_complaints(team):
	tier = frappe.get_doc("Client Tier", "Key Client")
	tier.get_complaint_deadline("High").response_hours = 2
	tier.save()
	complaint = file_complaint(client_of("Key Client", team).name, "High")
	assert complaint.response_by == dt("2026-11-16 12:00")


def test_waiting_on_the_client_pauses_the_resolution_clock(team):
	complaint = file_complaint(client_of("Key Client", team).name, "High")
	complaint.acknowledge("Phone", "called back", responded_at="2026-11-16 11:00")
	complaint.start_investigation(team.investigator)
	original = complaint.sla_resolution_by
	frappe.flags.current_time = dt("2026-11-17 10:00")
	complaint.wait_on_client("waiting for the client's broadcast log")
	assert complaint.status == "Waiting on Client"
	assert not complaint.sla_resolution_by  # no deadline runs while paused
	assert complaint.next_escalation_at is None
	frappe.flags.current_time = dt("2026-11-17 16:00")
	complaint.resume()
	assert complaint.status == "Investigating"
	assert complaint.total_hold_time == 6 * 3600
	assert complaint.sla_resolution_by == add_to_date(original, hours=6)


def test_first_response_recorded_late_is_a_breach(team):
	complaint = file_complaint(client_of("Key Client", team).name, "High")
	complaint.acknowledge("Visit", "met the client", responded_at="2026-11-16 15:00")
	assert complaint.response_breached == 1
	assert complaint.first_responded_on == dt("2026-11-16 15:00")
	assert complaint.agreement_status == "Resolution Due"


# --- bad input --------------------------------------------------------------------------------------


def test_bad_input_is_refused_and_stores_nothing(team):
	customer = client_of("Key Client", team).name
	before = frappe.db.count("Client Complaint")
	with pytest.raises(frappe.ValidationError, match="Describe what the client complains about"):
		file_complaint(customer, content="<p> </p>")
	with pytest.raises(frappe.ValidationError):
		file_complaint(customer, category="No Such Category")
	with pytest.raises(frappe.ValidationError, match="future"):
		file_complaint(customer, received_at=add_to_date(None, days=2))
	with pytest.raises(frappe.ValidationError, match="not a contact of"):
		file_complaint(customer, contact=make_contact(make_client().name).name)
	assert frappe.db.count("Client Complaint") == before


def test_script_in_the_text_is_neutralised(team):
	complaint = file_complaint(
		client_of("Key Client", team).name,
		subject='Spot<script>alert("x")</script>',
		content='<p>late<script>alert("x")</script><img src=x onerror=alert(1)></p>',
	)
	stored = frappe.db.get_value("Client Complaint", complaint.name, ["subject", "content"], as_dict=True)
	for value in stored.values():
		assert "<script" not in value and "onerror" not in value


def test_status_and_stamps_cannot_be_set_by_a_plain_save(team):
	complaint = file_complaint(client_of("Key Client", team).name)
	complaint.status = "Closed"
	with pytest.raises(UncontrolledChangeError):
		complaint.save()
	complaint.reload()
	complaint.response_breached = 0
	complaint.resolution_breached = 1
	with pytest.raises(UncontrolledChangeError):
		complaint.save()


# --- the lifecycle ----------------------------------------------------------------------------------


def run_to_resolved(complaint, team, compensation=0):
	complaint.acknowledge("Phone", "apologised and promised a fix", responded_at="2026-11-16 11:00")
	complaint.start_investigation(team.investigator)
	complaint.reload()
	complaint.facts = "<p>The media buyer booked the wrong date.</p>"
	complaint.root_cause = "Media Buying"
	complaint.responsible_department = None
	complaint.save()
	complaint.propose_solution("<p>Re-run the spot twice at no cost.</p>", compensation)
	complaint.reload()
	return complaint


def test_the_whole_flow_stamps_every_step_and_closes_into_a_case(team):
	customer = client_of("Key Client", team).name
	contact = make_contact(customer, email_ids=[{"email_id": "buyer@client.example.com", "is_primary": 1}])
	complaint = run_to_resolved(file_complaint(customer, contact=contact.name), team)
	assert complaint.status == "Solution Proposed"
	assert complaint.investigator == team.investigator
	assert team.investigator in complaint.get_assigned_users()
	complaint.record_client_decision("Accepted", "OK")
	complaint.start_execution("re-run booked")
	complaint.mark_resolved("The spot re-ran on Friday and Saturday.")
	assert complaint.status == "Resolved"
	assert complaint.sla_resolution_date and complaint.agreement_status in ("Fulfilled", "Failed")
	complaint.record_follow_up("Yes", 4, "happy now")
	complaint.reload()
	assert complaint.status == "Closed"
	assert complaint.client_rating == pytest.approx(0.8)
	for field in (
		"acknowledged_at",
		"investigation_started_at",
		"solution_proposed_at",
		"client_decision_at",
		"execution_started_at",
		"resolved_at",
		"follow_up_at",
		"closed_at",
	):
		assert complaint.get(field), field
	for field in (
		"acknowledged_by",
		"solution_proposed_by",
		"client_decision_by",
		"resolved_by",
		"closed_by",
	):
		assert complaint.get(field) == "Administrator", field
	invitation = frappe.get_all(
		"Survey Invitation",
		{"reference_doctype": "Client Complaint", "reference_name": complaint.name},
		["contact", "trigger"],
	)
	assert invitation == [{"contact": contact.name, "trigger": "Complaint Closed"}]
	case = complaint.create_case("<p>Wrong date</p>", "<p>Check bookings</p>", "<p>Two-person check</p>")
	assert frappe.db.get_value("Complaint Case", case, "complaint") == complaint.name
	assert frappe.db.get_value("Client Complaint", complaint.name, "knowledge_case") == case
	with pytest.raises(frappe.ValidationError):
		complaint.create_case("<p>again</p>", "<p>x</p>", "<p>y</p>")


def test_steps_out_of_order_are_refused(team):
	complaint = file_complaint(client_of("Key Client", team).name)
	with pytest.raises(frappe.ValidationError, match="cannot be done while"):
		complaint.mark_resolved("done")
	complaint.acknowledge("Phone", responded_at="2026-11-16 11:00")
	complaint.start_investigation(team.investigator)
	with pytest.raises(frappe.ValidationError, match="facts"):
		complaint.propose_solution("<p>something</p>")


def test_rejected_solution_goes_back_to_investigation(team):
	complaint = run_to_resolved(file_complaint(client_of("Key Client", team).name), team)
	with pytest.raises(frappe.ValidationError, match="why"):
		complaint.record_client_decision("Rejected")
	complaint.record_client_decision("Rejected", "Two re-runs are not enough")
	assert complaint.status == "Investigating"
	assert complaint.client_decision == "Rejected"


def test_an_unsatisfied_client_reopens_the_complaint(team):
	complaint = run_to_resolved(file_complaint(client_of("Key Client", team).name), team)
	complaint.record_client_decision("Accepted")
	complaint.start_execution()
	complaint.mark_resolved("re-ran")
	complaint.record_follow_up("No", 2, "the re-run was at night")
	complaint.reload()
	assert complaint.status == "Investigating"
	assert complaint.reopen_count == 1
	assert not complaint.resolved_at and not complaint.sla_resolution_date
	assert complaint.sla_resolution_by  # the resolution clock runs again


def test_compensation_above_the_threshold_needs_the_sign_off(team):
	customer = client_of("Key Client", team).name
	complaint = run_to_resolved(file_complaint(customer), team, compensation=20000)
	assert complaint.status == "Solution in Approval"
	assert complaint.signoff_status == "Pending"
	with pytest.raises(frappe.ValidationError):
		complaint.record_client_decision("Accepted")
	frappe.set_user(team.director)
	sign("Client Complaint", complaint.name, "Approved", comment="ok")
	frappe.set_user("Administrator")
	complaint.reload()
	assert complaint.status == "Solution Proposed"
	assert complaint.signoff_status == "Approved"


def test_compensation_within_the_threshold_goes_straight_to_the_client(team):
	complaint = run_to_resolved(file_complaint(client_of("Key Client", team).name), team, compensation=3000)
	assert complaint.status == "Solution Proposed"
	assert not complaint.signoff_status


# --- escalation -------------------------------------------------------------------------------------


def escalations(name):
	return [
		(row.level, row.deadline, set(row.notified.split("\n")))
		for row in frappe.get_all(
			"Client Complaint Escalation",
			{"parent": name},
			["level", "deadline", "notified"],
			order_by="idx",
		)
	]


def test_each_escalation_level_fires_once(team):
	management = staff("Agency Management")
	complaint = file_complaint(client_of("Key Client", team).name, "High")
	assert complaint.response_warn_at == dt("2026-11-16 13:00")  # 75 % of 4 working hours
	assert complaint.next_escalation_at == dt("2026-11-16 13:00")

	escalation.escalate_due_complaints("2026-11-16 12:59")
	assert escalations(complaint.name) == []

	escalation.escalate_due_complaints("2026-11-16 13:30")
	escalation.escalate_due_complaints("2026-11-16 13:40")  # nothing new: once only
	assert escalations(complaint.name) == [("Deadline Warning", "First Response", {team.manager})]
	assert frappe.db.exists(
		"Notification Log",
		{
			"for_user": team.manager,
			"document_name": complaint.name,
			"subject": ("like", "%need your attention%"),
		},
	)

	escalation.escalate_due_complaints("2026-11-16 14:30")
	escalation.escalate_due_complaints("2026-11-16 15:30")
	assert escalations(complaint.name)[1:] == [("Account Director", "First Response", {team.director})]
	assert frappe.db.get_value("Client Complaint", complaint.name, "response_breached") == 1

	# 75 % of 36 working hours: Thursday 10:00; the deadline itself: Friday 10:00
	escalation.escalate_due_complaints("2026-11-19 11:00")
	escalation.escalate_due_complaints("2026-11-20 11:00")
	escalation.escalate_due_complaints("2026-11-21 11:00")
	rows = escalations(complaint.name)[2:]
	assert [(level, deadline) for level, deadline, _users in rows] == [
		("Deadline Warning", "Resolution"),
		("Account Director", "Resolution"),
		("Agency Management", "Resolution"),  # the second missed deadline
	]
	assert management in rows[2][2]
	assert frappe.db.get_value("Client Complaint", complaint.name, "next_escalation_at") is None


def test_a_critical_complaint_reaches_management_at_once(team):
	management = staff("Agency Management")
	complaint = file_complaint(client_of("Key Client", team).name, "Critical", received_at="2026-11-16 10:00")
	escalation.escalate_due_complaints("2026-11-16 10:05")
	escalation.escalate_due_complaints("2026-11-16 10:10")
	rows = escalations(complaint.name)
	assert [(level, deadline) for level, deadline, _users in rows] == [
		("Agency Management", "Critical Complaint")
	]
	assert management in rows[0][2]


def test_a_responded_complaint_is_not_escalated_for_its_first_response(team):
	complaint = file_complaint(client_of("Key Client", team).name, "High")
	complaint.acknowledge("Phone", responded_at="2026-11-16 11:00")
	escalation.escalate_due_complaints("2026-11-16 15:00")
	assert escalations(complaint.name) == []


def test_escalation_assignees_are_warned(team):
	complaint = file_complaint(client_of("Key Client", team).name, "High")
	complaint.acknowledge("Phone", responded_at="2026-11-16 11:00")
	complaint.start_investigation(team.investigator)
	escalation.escalate_due_complaints("2026-11-19 11:00")
	assert escalations(complaint.name) == [
		("Deadline Warning", "Resolution", {team.investigator, team.manager})
	]


def test_an_email_to_the_complaints_address_registers_a_complaint(team):
	from frappe.email.receive import InboundMail

	customer = client_of("Key Client", team).name
	contact = make_contact(
		customer, email_ids=[{"email_id": "angry.buyer@client.example.com", "is_primary": 1}]
	)
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "Complaints Inbox",
			"email_id": "complaints@agency-test.example.com",
			"enable_incoming": 1,
			"append_to": "Client Complaint",
			"email_server": "127.0.0.1",
		}
	)
	account.flags.ignore_validate = True
	account.insert(ignore_permissions=True)
	raw = (
		"From: Angry Buyer <angry.buyer@client.example.com>\r\n"
		"To: complaints@agency-test.example.com\r\n"
		"Subject: Billboard went up a week late\r\n"
		"Message-ID: <complaint-test-1@client.example.com>\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n\r\n"
		"The billboard on Nanjing Road was a week late.\r\n"
	)
	communication = InboundMail(raw, account).process()
	name = communication.reference_name
	assert communication.reference_doctype == "Client Complaint"
	complaint = frappe.get_doc("Client Complaint", name)
	assert (complaint.customer, complaint.contact, complaint.channel) == (customer, contact.name, "Email")
	assert complaint.subject == "Billboard went up a week late"
	assert "Nanjing Road" in complaint.content
	assert complaint.response_by  # the tier's deadlines apply from the moment it arrived


def test_the_account_team_hears_of_a_new_complaint(team):
	complaint = file_complaint(client_of("Key Client", team).name)
	for user in (team.manager, team.director):
		assert frappe.db.exists(
			"Notification Log",
			{"for_user": user, "document_name": complaint.name, "subject": ("like", "New complaint from%")},
		)


def test_complaints_without_a_due_time_are_never_picked_up(team):
	closed = file_complaint(client_of("Key Client", team).name, "High")
	frappe.db.set_value("Client Complaint", closed.name, {"next_escalation_at": None, "status": "Closed"})
	escalation.escalate_due_complaints("2026-12-31 12:00")
	assert escalations(closed.name) == []
