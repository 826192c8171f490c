import datetime

import frappe
import pytest
from frappe.utils import add_days, get_datetime, getdate, nowdate

from agency_service.agency_service.report.overdue_visit_action_items import overdue_visit_action_items
from agency_service.agency_service.report.visit_compliance import visit_compliance
from agency_service.agency_service.report.visit_plan import visit_plan
from agency_service.api import visits
from agency_service.visits import minutes, planner, rules
from agency_service.visits.rules import (
	MinutesMissingError,
	VisitAlreadyPlannedError,
	VisitNotOverError,
	VisitScheduleError,
)
from tests.factories import make_contact, make_outbox, make_user
from tests.visit_factories import email_recipients, make_managed_client, make_visit, set_visit_settings

D = datetime.date


@pytest.fixture(autouse=True)
def outgoing_email():
	make_outbox()


# --- pure rules ----------------------------------------------------------------------------------


def test_next_visit_is_due_one_cadence_after_the_last():
	assert rules.next_visit_due(D(2027, 1, 10), 30, D(2027, 1, 20)) == D(2027, 2, 9)
	assert rules.next_visit_due(D(2027, 12, 20), 14, D(2027, 12, 21)) == D(2028, 1, 3)


def test_a_client_never_visited_is_due_today():
	assert rules.next_visit_due(None, 90, D(2027, 5, 1)) == D(2027, 5, 1)


@pytest.mark.parametrize(
	"due, horizon, expected",
	[
		(D(2027, 5, 15), 14, True),
		(D(2027, 5, 16), 14, False),
		(D(2027, 4, 1), 0, True),
		(D(2027, 5, 2), 0, False),
	],
)
def test_due_within_the_horizon_includes_its_last_day(due, horizon, expected):
	assert rules.is_due_within(due, D(2027, 5, 1), horizon) is expected


def test_planned_date_is_today_when_overdue_and_skips_days_off():
	today = D(2027, 5, 1)
	assert rules.planned_visit_date(D(2027, 4, 1), today) == today
	assert rules.planned_visit_date(D(2027, 5, 8), today, {D(2027, 5, 8), D(2027, 5, 9)}) == D(2027, 5, 10)


def test_minutes_are_late_from_the_deadline_itself():
	end = datetime.datetime(2027, 5, 1, 11, 0)
	deadline = rules.minutes_deadline(end, 24)
	assert deadline == datetime.datetime(2027, 5, 2, 11, 0)
	assert not rules.minutes_are_late(deadline, deadline - datetime.timedelta(seconds=1))
	assert rules.minutes_are_late(deadline, deadline)


# --- the daily planner ---------------------------------------------------------------------------


def open_visits(client) -> list[frappe._dict]:
	return frappe.get_all(
		"Client Visit",
		filters={"customer": client.name, "docstatus": 0},
		fields=["name", "due_date", "visit_start", "account_manager", "todo", "event", "auto_planned"],
	)


def test_planner_follows_each_tiers_cadence_within_the_horizon():
	today = getdate(nowdate())
	set_visit_settings(planning_horizon_days=14)
	strategic = make_managed_client("Strategic Client", last_visit_date=add_days(today, -10))  # due +4
	key = make_managed_client("Key Client", last_visit_date=add_days(today, -10))  # due +20
	regular = make_managed_client("Regular Client", last_visit_date=add_days(today, -80))  # due +10
	never = make_managed_client("Potential Client")  # due today
	untiered = make_managed_client(tier=None)

	result = planner.plan_due_visits(today)

	assert result["planned"] >= 3
	assert [v.due_date for v in open_visits(strategic)] == [add_days(today, 4)]
	assert [v.due_date for v in open_visits(regular)] == [add_days(today, 10)]
	assert [v.due_date for v in open_visits(never)] == [today]
	assert open_visits(key) == []
	assert open_visits(untiered) == []
	assert frappe.db.get_value("Customer", strategic.name, "next_visit_date") == add_days(today, 4)


def test_planner_counts_from_the_last_visit_held():
	today = getdate(nowdate())
	client = make_managed_client("Strategic Client", last_visit_date=add_days(today, -100))
	held = make_visit(client, start=get_datetime(f"{add_days(today, -5)} 10:00:00"), submit=True)
	assert getdate(frappe.db.get_value("Customer", client.name, "last_visit_date")) == add_days(today, -5)
	planner.plan_due_visits(today)
	assert [v.due_date for v in open_visits(client)] == [add_days(today, 9)]
	assert held.name not in [v.name for v in open_visits(client)]


def test_planned_visit_is_assigned_to_the_account_manager_with_todo_and_event():
	today = getdate(nowdate())
	set_visit_settings(default_visit_hour=9, default_visit_minutes=90)
	client = make_managed_client("Key Client")
	planner.plan_due_visits(today)
	(visit,) = open_visits(client)
	assert get_datetime(visit.visit_start).time() == datetime.time(9, 0)
	assert visit.account_manager == client.account_manager
	assert visit.auto_planned == 1
	assert frappe.db.get_value("Client Visit", visit.name, "_assign") == f'["{client.account_manager}"]'
	todo = frappe.get_doc("ToDo", visit.todo)
	assert (todo.allocated_to, todo.reference_type, todo.reference_name, todo.status) == (
		client.account_manager,
		"Client Visit",
		visit.name,
		"Open",
	)
	event = frappe.get_doc("Event", visit.event)
	assert event.owner == client.account_manager
	assert get_datetime(event.starts_on) == get_datetime(visit.visit_start)
	assert getdate(visit.visit_start) >= visit.due_date
	doc = frappe.get_doc("Client Visit", visit.name)
	assert len(doc.preparation_checklist) == 3
	assert get_datetime(doc.visit_end) - get_datetime(doc.visit_start) == datetime.timedelta(minutes=90)
	assert doc.minutes_due_at == get_datetime(doc.visit_end) + datetime.timedelta(hours=24)


def test_planner_never_plans_twice():
	today = getdate(nowdate())
	client = make_managed_client("Strategic Client")
	planner.plan_due_visits(today)
	planner.plan_due_visits(today)
	planner.plan_due_visits(add_days(today, 1))
	assert len(open_visits(client)) == 1
	assert (
		frappe.db.count("ToDo", {"reference_type": "Client Visit", "allocated_to": client.account_manager})
		== 1
	)


def test_planner_leaves_a_client_with_a_manual_plan_alone():
	today = getdate(nowdate())
	client = make_managed_client("Strategic Client")
	manual = make_visit(client, start=get_datetime(f"{add_days(today, 30)} 15:00:00"))
	planner.plan_due_visits(today)
	assert [v.name for v in open_visits(client)] == [manual.name]


def test_planning_horizon_is_configurable():
	today = getdate(nowdate())
	client = make_managed_client("Key Client", last_visit_date=add_days(today, -10))  # due +20
	set_visit_settings(planning_horizon_days=14)
	planner.plan_due_visits(today)
	assert open_visits(client) == []
	set_visit_settings(planning_horizon_days=20)
	planner.plan_due_visits(today)
	assert [v.due_date for v in open_visits(client)] == [add_days(today, 20)]


def test_client_without_account_manager_is_not_planned_but_counted():
	client = make_managed_client("Strategic Client", account_manager=None)
	result = planner.plan_due_visits(getdate(nowdate()))
	assert open_visits(client) == []
	assert result["without_account_manager"] >= 1


# --- planning by hand and rescheduling -------------------------------------------------------------


def test_account_manager_plans_and_reschedules_through_the_desk_api():
	client = make_managed_client("Key Client")
	frappe.set_user(client.account_manager)
	name = visits.plan_visit(client.name, f"{add_days(nowdate(), 5)} 14:00:00", purpose="Creative review")
	visits.reschedule_visit(name, f"{add_days(nowdate(), 7)} 09:30:00")
	frappe.set_user("Administrator")
	doc = frappe.get_doc("Client Visit", name)
	assert get_datetime(doc.visit_start) == get_datetime(f"{add_days(nowdate(), 7)} 09:30:00")
	assert get_datetime(doc.visit_end) == get_datetime(f"{add_days(nowdate(), 7)} 10:30:00")
	assert getdate(frappe.db.get_value("ToDo", doc.todo, "date")) == getdate(add_days(nowdate(), 7))
	assert get_datetime(frappe.db.get_value("Event", doc.event, "starts_on")) == get_datetime(doc.visit_start)
	assert frappe.db.get_value("Event", doc.event, "owner") == client.account_manager


def test_user_without_a_visit_role_cannot_plan():
	client = make_managed_client("Key Client")
	frappe.set_user(make_user("Sales User"))
	with pytest.raises(frappe.PermissionError):
		visits.plan_visit(client.name, f"{add_days(nowdate(), 5)} 14:00:00")
	frappe.set_user("Administrator")
	assert open_visits(client) == []


def test_visit_ending_before_it_starts_is_refused():
	client = make_managed_client()
	start = get_datetime(f"{add_days(nowdate(), 2)} 10:00:00")
	with pytest.raises(VisitScheduleError):
		make_visit(client, start=start, visit_end=start - datetime.timedelta(minutes=5))
	assert open_visits(client) == []


def test_second_open_visit_for_a_client_is_refused():
	client = make_managed_client()
	make_visit(client)
	with pytest.raises(VisitAlreadyPlannedError):
		make_visit(client, start=get_datetime(f"{add_days(nowdate(), 9)} 10:00:00"))
	assert len(open_visits(client)) == 1


# --- minutes -------------------------------------------------------------------------------------


def past_visit(client, hours_ago: float = 2, **kw):
	start = get_datetime() - datetime.timedelta(hours=hours_ago + 1)
	return make_visit(client, start=start, visit_end=start + datetime.timedelta(hours=1), **kw)


def test_minutes_cannot_be_submitted_before_the_visit_ends():
	client = make_managed_client()
	visit = make_visit(client, minutes="<p>Too early</p>")
	with pytest.raises(VisitNotOverError):
		visit.submit()
	assert frappe.db.get_value("Client Visit", visit.name, "docstatus") == 0


def test_empty_minutes_are_refused_and_the_draft_kept():
	client = make_managed_client()
	visit = past_visit(client, client_feedback="Happy with the launch")
	visit.minutes = "<p><br></p>"
	with pytest.raises(MinutesMissingError):
		visit.submit()
	assert frappe.db.get_value("Client Visit", visit.name, ["docstatus", "client_feedback"]) == (
		0,
		"Happy with the launch",
	)


def test_late_minutes_are_flagged_at_exactly_the_threshold_then_escalated():
	set_visit_settings(minutes_due_hours=24, escalation_hours=24)
	client = make_managed_client()
	visit = past_visit(client)
	deadline = get_datetime(visit.minutes_due_at)
	assert deadline == get_datetime(visit.visit_end) + datetime.timedelta(hours=24)

	minutes.flag_late_minutes(deadline - datetime.timedelta(seconds=1))
	assert frappe.db.get_value("Client Visit", visit.name, ["status", "minutes_late"]) == ("Minutes Due", 0)
	assert email_recipients(visit.name) == []

	minutes.flag_late_minutes(deadline)
	assert frappe.db.get_value("Client Visit", visit.name, ["status", "minutes_late"]) == (
		"Minutes Overdue",
		1,
	)
	assert email_recipients(visit.name) == [{client.account_manager}]

	minutes.flag_late_minutes(deadline + datetime.timedelta(hours=23))
	assert len(email_recipients(visit.name)) == 1  # reminded once

	minutes.flag_late_minutes(deadline + datetime.timedelta(hours=24))
	minutes.flag_late_minutes(deadline + datetime.timedelta(hours=30))
	assert email_recipients(visit.name) == [{client.account_manager}, {client.account_director}]


def test_minutes_submitted_at_the_deadline_count_as_late():
	client = make_managed_client()
	visit = past_visit(client, minutes="<p>Notes</p>")
	deadline = get_datetime(visit.minutes_due_at)
	visit.validate_minutes_submission(now=deadline - datetime.timedelta(seconds=1))
	assert visit.minutes_late == 0
	visit.validate_minutes_submission(now=deadline)
	assert visit.minutes_late == 1


def test_submitted_minutes_close_the_plan_and_update_the_client():
	client = make_managed_client("Key Client")
	visit = past_visit(client, minutes="<p>Agreed the Q3 media plan.</p>")
	visit.submit()
	assert visit.status == "Completed" and visit.minutes_late == 0
	assert frappe.db.get_value("ToDo", visit.todo, "status") == "Closed"
	assert frappe.db.get_value("Event", visit.event, "status") == "Completed"
	last, next_due = frappe.db.get_value("Customer", client.name, ["last_visit_date", "next_visit_date"])
	assert getdate(last) == getdate(visit.visit_start)
	assert getdate(next_due) == add_days(getdate(visit.visit_start), 30)


def test_action_items_become_todos_and_close_with_them():
	client = make_managed_client()
	owner_a, owner_b = make_user("Account Executive"), make_user("Department Lead")
	visit = past_visit(
		client,
		minutes="<p>Minutes</p>",
		action_items=[
			{"action": "Send revised storyboard", "assigned_to": owner_a, "due_date": add_days(nowdate(), 3)},
			{"action": "Book outdoor media", "assigned_to": owner_b, "due_date": add_days(nowdate(), 7)},
		],
	)
	visit.submit()
	visit.reload()
	todos = {row.assigned_to: frappe.get_doc("ToDo", row.todo) for row in visit.action_items}
	assert {owner: (t.allocated_to, t.status, str(t.date)) for owner, t in todos.items()} == {
		owner_a: (owner_a, "Open", add_days(nowdate(), 3)),
		owner_b: (owner_b, "Open", add_days(nowdate(), 7)),
	}
	frappe.set_user(owner_a)
	todo = frappe.get_doc("ToDo", todos[owner_a].name)
	todo.status = "Closed"
	todo.save()
	frappe.set_user("Administrator")
	visit.reload()
	assert {row.assigned_to: row.status for row in visit.action_items} == {owner_a: "Closed", owner_b: "Open"}


def test_action_item_due_before_the_visit_is_refused():
	client = make_managed_client()
	with pytest.raises(rules.ActionItemError):
		past_visit(
			client,
			action_items=[
				{"action": "x", "assigned_to": "Administrator", "due_date": add_days(nowdate(), -5)}
			],
		)
	assert open_visits(client) == []


def test_minutes_email_goes_to_the_attendees():
	client = make_managed_client()
	colleague = make_user("Account Executive")
	contact = make_contact(client.name, email_ids=[{"email_id": "buyer@client.example.com", "is_primary": 1}])
	no_email = make_contact(client.name)
	visit = past_visit(
		client,
		minutes="<p>Discussed the autumn campaign.</p>",
		staff_attendees=[{"user": colleague}],
		contact_attendees=[{"contact": contact.name}, {"contact": no_email.name}],
	)
	visit.submit()
	assert email_recipients(visit.name) == [{colleague, "buyer@client.example.com"}]
	queued = frappe.get_last_doc("Email Queue", filters={"reference_name": visit.name})
	assert "Discussed the autumn campaign." in queued.message
	assert '"print_format": "Client Visit Minutes"' in queued.attachments


def test_cancelling_minutes_cancels_open_action_items():
	client = make_managed_client()
	visit = past_visit(
		client,
		minutes="<p>Minutes</p>",
		action_items=[{"action": "Follow up", "assigned_to": "Administrator", "due_date": nowdate()}],
	)
	visit.submit()
	visit.cancel()
	visit.reload()
	assert visit.status == "Cancelled"
	assert visit.action_items[0].status == "Cancelled"
	assert frappe.db.get_value("ToDo", visit.action_items[0].todo, "status") == "Cancelled"


# --- preparation facts, reports --------------------------------------------------------------------


def test_preparation_facts_show_open_action_items_of_earlier_visits():
	client = make_managed_client()
	past_visit(
		client,
		minutes="<p>Minutes</p>",
		action_items=[{"action": "Send the proposal", "assigned_to": "Administrator", "due_date": nowdate()}],
	).submit()
	facts = visits.get_preparation_facts(client.name)
	assert [a.action for a in facts["open_action_items"]] == ["Send the proposal"]
	assert facts["overdue_invoice_count"] == 0
	assert facts["client"].last_visit_date


def test_preparation_facts_need_read_access_to_the_client():
	client = make_managed_client()
	frappe.set_user(make_user())
	with pytest.raises(frappe.PermissionError):
		visits.get_preparation_facts(client.name)


def test_compliance_report_counts_on_time_late_and_overdue_per_manager():
	today = getdate(nowdate())
	manager = make_user("Account Manager")
	on_time = make_managed_client(account_manager=manager)
	late = make_managed_client(account_manager=manager)
	overdue = make_managed_client(account_manager=manager)
	past = get_datetime(f"{add_days(today, -3)} 10:00:00")
	make_visit(on_time, start=past, due_date=add_days(today, -3), submit=True)
	make_visit(late, start=past, due_date=add_days(today, -10), submit=True)
	make_visit(
		overdue,
		start=get_datetime(f"{add_days(today, -2)} 10:00:00"),
		due_date=add_days(today, -6),
		action_items=[{"action": "Call back", "assigned_to": manager, "due_date": add_days(today, -1)}],
	)
	filters = {"group_by": "Account Manager", "from_date": add_days(today, -30), "to_date": today}
	_columns, data, _msg, _chart, summary = visit_compliance.execute(filters)
	assert {s["label"]: s["value"] for s in summary}["Overdue Visits"] >= 1
	(row,) = (r for r in data if r.group == manager)
	assert (row.due, row.on_time, row.late, row.overdue, row.upcoming) == (3, 1, 1, 1, 0)
	assert row.on_time_rate == pytest.approx(33.3)

	by_client = visit_compliance.execute({**filters, "group_by": "Client", "account_manager": manager})[1]
	assert {r.group: r.overdue for r in by_client} == {on_time.name: 0, late.name: 0, overdue.name: 1}


def test_overdue_action_items_report_lists_only_open_past_due_items():
	client = make_managed_client()
	visit = past_visit(
		client,
		hours_ago=24 * 5,
		minutes="<p>Minutes</p>",
		action_items=[
			{"action": "Overdue item", "assigned_to": "Administrator", "due_date": add_days(nowdate(), -2)},
			{"action": "Future item", "assigned_to": "Administrator", "due_date": add_days(nowdate(), 2)},
		],
	)
	visit.submit()
	rows = overdue_visit_action_items.execute({"customer": client.name})[1]
	assert [(r.action, r.days_overdue) for r in rows] == [("Overdue item", 2)]
	_columns, data, *_ = visit_compliance.execute(
		{
			"group_by": "Client",
			"customer": client.name,
			"from_date": add_days(nowdate(), -30),
			"to_date": nowdate(),
		}
	)
	assert data[0].overdue_actions == 1


def test_visit_plan_report_covers_the_quarter():
	assert visit_plan.period_bounds("Quarter", "2027-05-17") == (D(2027, 4, 1), D(2027, 6, 30))
	assert visit_plan.period_bounds("Month", "2028-02-10") == (D(2028, 2, 1), D(2028, 2, 29))
	client = make_managed_client()
	visit = make_visit(client, start=f"{nowdate()} 12:00:00")
	_columns, data, _msg, _chart, summary = visit_plan.execute(
		{"account_manager": client.account_manager, "period": "Quarter", "date": nowdate()}
	)
	assert [r.name for r in data] == [visit.name]
	assert {s["label"]: s["value"] for s in summary}[data[0].status] == 1


def test_planner_moves_visits_off_the_company_holidays():
	today = getdate(nowdate())
	company = frappe.defaults.get_global_default("company")
	assert company, "the test site has a default company"
	holidays = frappe.get_doc(
		{
			"doctype": "Holiday List",
			"holiday_list_name": f"Visit Test Holidays {frappe.generate_hash(length=5)}",
			"from_date": add_days(today, -1),
			"to_date": add_days(today, 60),
			"holidays": [
				{"holiday_date": add_days(today, 4), "description": "Closed"},
				{"holiday_date": add_days(today, 5), "description": "Closed"},
			],
		}
	).insert()
	frappe.db.set_value("Company", company, "default_holiday_list", holidays.name)
	frappe.clear_document_cache("Company", company)
	try:
		client = make_managed_client("Strategic Client", last_visit_date=add_days(today, -10))  # due +4
		planner.plan_due_visits(today)
		(visit,) = open_visits(client)
		assert visit.due_date == add_days(today, 4)
		assert getdate(visit.visit_start) == add_days(today, 6)
	finally:
		frappe.db.rollback()
		frappe.clear_document_cache("Company", company)


def test_calendar_shows_visits_coloured_by_status():
	client = make_managed_client()
	visit = make_visit(client, start=f"{add_days(nowdate(), 2)} 10:00:00")
	events = visits.get_visit_calendar_events(
		f"{add_days(nowdate(), 1)} 00:00:00",
		f"{add_days(nowdate(), 3)} 00:00:00",
		filters=f'[["Client Visit", "account_manager", "=", "{client.account_manager}", false]]',
	)
	assert [(e.name, e.color) for e in events] == [(visit.name, "#2490ef")]


@pytest.mark.parametrize(
	"field, value", [("minutes_due_hours", 0), ("planning_horizon_days", -1), ("default_visit_hour", 24)]
)
def test_invalid_visit_settings_are_refused(field, value):
	from agency_service.agency_service.doctype.visit_and_care_settings.visit_and_care_settings import (
		InvalidVisitSettingsError,
	)

	settings = frappe.get_single("Visit and Care Settings")
	before = settings.get(field)
	settings.set(field, value)
	with pytest.raises(InvalidVisitSettingsError):
		settings.save()
	assert frappe.get_single("Visit and Care Settings").get(field) == before


def test_rescheduling_an_overdue_visit_clears_its_late_flag():
	client = make_managed_client()
	visit = past_visit(client, hours_ago=30)
	minutes.flag_late_minutes()
	assert frappe.db.get_value("Client Visit", visit.name, ["status", "minutes_late"]) == (
		"Minutes Overdue",
		1,
	)
	visits.reschedule_visit(visit.name, f"{add_days(nowdate(), 2)} 10:00:00")
	visit.reload()
	assert (visit.status, visit.minutes_late, visit.owner_reminded_at) == ("Planned", 0, None)


def test_minutes_print_format_renders_through_the_print_view():
	from frappe.utils.print_utils import get_print

	client = make_managed_client()
	owner = (
		frappe.get_doc(
			{
				"doctype": "User",
				"email": f"zhou-{frappe.generate_hash(length=6)}@agency-test.example.com",
				"first_name": "Zhou Min",
				"send_welcome_email": 0,
				"roles": [{"role": "Account Executive"}],
			}
		)
		.insert()
		.name
	)
	visit = past_visit(
		client,
		minutes="<p>Agreed the spring campaign budget.</p>",
		agenda=[{"topic": "Spring campaign"}],
		action_items=[{"action": "Send the media plan", "assigned_to": owner, "due_date": nowdate()}],
	)
	visit.submit()
	html = get_print("Client Visit", visit.name, print_format="Client Visit Minutes")
	for text in ("Agreed the spring campaign budget.", "Spring campaign", "Send the media plan", "Zhou Min"):
		assert text in html
