import datetime

import frappe
import pytest
from frappe.client import get as client_get

from agency_service.care import rules, setup
from agency_service.care.reminders import send_care_reminders
from agency_service.care.setup import InvalidCareOccasionError
from agency_service.setup.custom_fields import get_custom_fields
from tests.factories import make_contact, make_user
from tests.test_translations import translations
from tests.visit_factories import make_managed_client, set_visit_settings

D = datetime.date
# 5 March 2027: no shipped holiday falls within the following week
TODAY = D(2027, 3, 5)

# --- pure date rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"month, day, year, expected",
	[
		(2, 29, 2027, D(2027, 2, 28)),
		(2, 29, 2028, D(2028, 2, 29)),
		(2, 29, 2100, D(2100, 2, 28)),  # not a leap year
		(2, 29, 2000, D(2000, 2, 29)),
		(12, 31, 2027, D(2027, 12, 31)),
	],
)
def test_occasion_date_in_year(month, day, year, expected):
	assert rules.occasion_date_in_year(month, day, year) == expected


def test_window_across_new_year_finds_both_years():
	assert rules.occurrences_between(1, 2, D(2027, 12, 28), D(2028, 1, 4)) == [D(2028, 1, 2)]
	assert rules.occurrences_between(12, 30, D(2027, 12, 28), D(2028, 1, 4)) == [D(2027, 12, 30)]
	assert rules.occurrences_between(6, 1, D(2027, 12, 28), D(2028, 1, 4)) == []


def test_feb_29_is_kept_on_feb_28_in_common_years_only():
	common = rules.month_days_between(D(2027, 2, 25), D(2027, 3, 1))
	assert common[(2, 29)] == D(2027, 2, 28) == common[(2, 28)]
	leap = rules.month_days_between(D(2028, 2, 25), D(2028, 3, 1))
	assert leap[(2, 29)] == D(2028, 2, 29)
	assert rules.month_days_between(D(2027, 3, 1), D(2027, 3, 5)).get((2, 29)) is None


# --- the daily job ---------------------------------------------------------------------------------


def reminders(**filters) -> list[frappe._dict]:
	return frappe.get_all(
		"Care Reminder",
		filters=filters,
		fields=[
			"occasion_type",
			"occasion_date",
			"customer",
			"contact",
			"allocated_to",
			"todo",
			"care_occasion",
		],
	)


def test_birthday_reminder_fires_once_for_the_account_manager():
	set_visit_settings(care_days_ahead=7)
	client = make_managed_client()
	contact = make_contact(client.name, first_name="Zhang Wei", birthday_month=3, birthday_day=10)
	send_care_reminders(TODAY)
	send_care_reminders(TODAY)
	send_care_reminders(D(2027, 3, 9))
	(reminder,) = reminders(contact=contact.name)
	assert (reminder.occasion_type, reminder.occasion_date, reminder.allocated_to) == (
		"Contact Birthday",
		D(2027, 3, 10),
		client.account_manager,
	)
	todo = frappe.get_doc("ToDo", reminder.todo)
	assert (todo.allocated_to, todo.reference_type, todo.reference_name, str(todo.date)) == (
		client.account_manager,
		"Contact",
		contact.name,
		"2027-03-10",
	)
	assert "Zhang Wei" in todo.description
	assert "生日快乐" in todo.description  # drafted from the shipped greeting template


def test_birthday_reminds_again_the_next_year():
	client = make_managed_client()
	contact = make_contact(client.name, birthday_month=3, birthday_day=8)
	send_care_reminders(TODAY)
	send_care_reminders(D(2028, 3, 5))
	assert sorted(r.occasion_date for r in reminders(contact=contact.name)) == [D(2027, 3, 8), D(2028, 3, 8)]


def test_birthday_outside_the_window_waits():
	set_visit_settings(care_days_ahead=3)
	client = make_managed_client()
	contact = make_contact(client.name, birthday_month=3, birthday_day=10)
	send_care_reminders(TODAY)
	assert reminders(contact=contact.name) == []
	send_care_reminders(D(2027, 3, 7))
	assert len(reminders(contact=contact.name)) == 1


def test_contacts_who_opted_out_are_skipped():
	client = make_managed_client()
	contact = make_contact(client.name, birthday_month=3, birthday_day=9, greeting_opt_out=1)
	send_care_reminders(TODAY)
	assert reminders(contact=contact.name) == []
	assert not frappe.db.exists("ToDo", {"reference_type": "Contact", "reference_name": contact.name})


def test_feb_29_birthday_is_remembered_on_feb_28_in_a_common_year():
	client = make_managed_client()
	contact = make_contact(client.name, birthday_month=2, birthday_day=29)
	send_care_reminders(D(2027, 2, 24))
	send_care_reminders(D(2027, 2, 28))
	send_care_reminders(D(2027, 3, 1))
	send_care_reminders(D(2028, 2, 25))
	assert sorted(r.occasion_date for r in reminders(contact=contact.name)) == [
		D(2027, 2, 28),
		D(2028, 2, 29),
	]


def test_private_notes_never_reach_the_reminder():
	client = make_managed_client()
	contact = make_contact(
		client.name, birthday_month=3, birthday_day=6, private_notes="Recovering from surgery"
	)
	send_care_reminders(TODAY)
	(reminder,) = reminders(contact=contact.name)
	assert "surgery" not in frappe.db.get_value("ToDo", reminder.todo, "description")


def test_reminder_goes_to_the_executive_when_there_is_no_manager():
	executive = make_user("Account Executive")
	client = make_managed_client(account_manager=None, account_executive=executive)
	contact = make_contact(client.name, birthday_month=3, birthday_day=6)
	send_care_reminders(TODAY)
	assert [r.allocated_to for r in reminders(contact=contact.name)] == [executive]


def test_anniversaries_of_founding_and_cooperation():
	client = make_managed_client(founded_on="2010-03-08", cooperating_since="2026-03-11")
	make_contact(client.name, first_name="Li Na")
	new_client = make_managed_client(founded_on="2027-03-07")  # founded this year: nothing to celebrate yet
	make_contact(new_client.name)
	send_care_reminders(TODAY)
	send_care_reminders(TODAY)
	assert sorted((r.occasion_type, r.occasion_date) for r in reminders(customer=client.name)) == [
		("Cooperation Anniversary", D(2027, 3, 11)),
		("Founding Anniversary", D(2027, 3, 8)),
	]
	assert reminders(customer=new_client.name) == []
	founding = reminders(customer=client.name, occasion_type="Founding Anniversary")[0]
	description = frappe.db.get_value("ToDo", founding.todo, "description")
	assert "17" in description and "Li Na" in description


def make_occasion(**kw):
	return frappe.get_doc(
		{"doctype": "Care Occasion", "occasion_name": kw.pop("occasion_name", "Test Festival"), **kw}
	).insert()


def test_holiday_greets_each_client_once_without_opted_out_contacts():
	occasion = make_occasion(dates=[{"occasion_date": "2027-03-09"}, {"occasion_date": "2028-03-20"}])
	client = make_managed_client()
	make_contact(client.name, first_name="Wang Fang")
	make_contact(client.name, first_name="Zhao Qiang", greeting_opt_out=1)
	silent = make_managed_client()
	make_contact(silent.name, greeting_opt_out=1)
	send_care_reminders(TODAY)
	send_care_reminders(D(2027, 3, 8))
	(reminder,) = reminders(customer=client.name, care_occasion=occasion.name)
	description = frappe.db.get_value("ToDo", reminder.todo, "description")
	assert "Wang Fang" in description and "Zhao Qiang" not in description
	assert reminders(customer=silent.name) == []


def test_fixed_day_occasion_recurs_every_year():
	occasion = make_occasion(occasion_name="Test Founding Day", fixed_month=3, fixed_day=7)
	client = make_managed_client()
	make_contact(client.name)
	send_care_reminders(TODAY)
	send_care_reminders(D(2028, 3, 5))
	assert sorted(r.occasion_date for r in reminders(care_occasion=occasion.name, customer=client.name)) == [
		D(2027, 3, 7),
		D(2028, 3, 7),
	]


def test_disabled_occasion_is_ignored():
	occasion = make_occasion(dates=[{"occasion_date": "2027-03-09"}], enabled=0)
	client = make_managed_client()
	make_contact(client.name)
	send_care_reminders(TODAY)
	assert reminders(care_occasion=occasion.name) == []


@pytest.mark.parametrize(
	"values",
	[
		{},
		{"fixed_month": 2, "fixed_day": 30},
		{"fixed_month": 13, "fixed_day": 1},
		{"dates": [{"occasion_date": "2027-01-01"}, {"occasion_date": "2027-02-01"}]},
	],
)
def test_invalid_care_occasions_are_refused(values):
	with pytest.raises(InvalidCareOccasionError):
		make_occasion(occasion_name="Broken Occasion", **values)
	assert not frappe.db.exists("Care Occasion", "Broken Occasion")


def test_shipped_holidays_and_templates_are_installed():
	assert frappe.db.get_value("Care Occasion", "National Day", ["fixed_month", "fixed_day"]) == (10, 1)
	spring = frappe.get_doc("Care Occasion", "Spring Festival")
	assert str(spring.dates[0].occasion_date) == "2026-02-17"
	settings = frappe.get_single("Visit and Care Settings")
	assert settings.birthday_template == setup.BIRTHDAY_TEMPLATE
	assert frappe.db.exists("Email Template", setup.HOLIDAY_TEMPLATE)


@pytest.mark.parametrize("lang", ["zh", "zh-TW"])
def test_care_custom_fields_and_shipped_occasions_are_translated(lang):
	known = set(translations(lang)) | set(translations(lang, "frappe"))
	strings = {o[0] for o in setup.SHIPPED_OCCASIONS}
	for fields in get_custom_fields().values():
		strings |= {s for f in fields for s in (f.get("label"), f.get("description")) if s}
	assert not sorted(strings - known)


# --- private notes: desk API (REST is in test_visits_rest.py) ---------------------------------------


def test_user_outside_the_account_team_cannot_read_private_notes_through_the_desk():
	client = make_managed_client()
	contact = make_contact(client.name, private_notes="Prefers green tea")
	frappe.set_user(make_user("Sales User"))
	outsider_view = client_get("Contact", contact.name)
	frappe.set_user(client.account_manager)
	manager_view = client_get("Contact", contact.name)
	frappe.set_user("Administrator")
	assert outsider_view.get("private_notes") is None
	assert manager_view.get("private_notes") == "Prefers green tea"
