import frappe
import pytest
from frappe.client import get as client_get
from frappe.client import set_value

from agency_service.clients.profile import (
	InvalidBirthdayError,
	TierLockReasonMissingError,
	validate_birthday,
)
from tests.factories import make_client, make_contact, make_user

# --- birthdays: pure rules -----------------------------------------------------------------------


@pytest.mark.parametrize("month, day", [(None, None), (2, 29), (12, 31), (4, 30), (1, 1)])
def test_valid_birthdays(month, day):
	validate_birthday(month, day)


@pytest.mark.parametrize(
	"month, day, message",
	[
		(2, 30, "between 1 and 29 for month 2"),
		(4, 31, "between 1 and 30 for month 4"),
		(13, 1, "month must be between 1 and 12"),
		(0, 5, "both the month and the day"),
		(5, None, "both the month and the day"),
		(6, -1, "between 1 and 30 for month 6"),
	],
)
def test_invalid_birthdays(month, day, message):
	with pytest.raises(InvalidBirthdayError, match=message):
		validate_birthday(month, day)


def test_contact_with_impossible_birthday_is_not_saved():
	with pytest.raises(InvalidBirthdayError):
		make_contact(first_name="No Such Day", birthday_month=2, birthday_day=30)
	assert not frappe.db.exists("Contact", {"first_name": "No Such Day"})


# --- tier on Customer: who may set it --------------------------------------------------------------


def test_account_manager_sets_a_tier_through_the_desk_api():
	client = make_client()
	manager = make_user("Account Manager")
	frappe.set_user(manager)
	set_value("Customer", client.name, "client_tier", "Key Client")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Customer", client.name, "client_tier") == "Key Client"


def test_user_without_a_client_service_role_cannot_set_a_tier():
	client = make_client(client_tier="Regular Client")
	nobody = make_user()
	frappe.set_user(nobody)
	with pytest.raises(frappe.PermissionError):
		set_value("Customer", client.name, "client_tier", "Strategic Client")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Customer", client.name, "client_tier") == "Regular Client"


def test_sales_user_may_edit_customers_but_not_their_tier():
	client = make_client(client_tier="Regular Client")
	seller = make_user("Sales User")
	frappe.set_user(seller)
	set_value("Customer", client.name, {"client_tier": "Strategic Client", "website": "https://example.com"})
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Customer", client.name, ["client_tier", "website"]) == (
		"Regular Client",
		"https://example.com",
	)


def test_account_executive_cannot_set_credit_rating_but_credit_reviewer_can():
	client = make_client()
	executive, reviewer = make_user("Account Executive"), make_user("Credit Reviewer")
	frappe.set_user(executive)
	set_value("Customer", client.name, "credit_rating", "D")
	assert frappe.db.get_value("Customer", client.name, "credit_rating") in (None, "")
	frappe.set_user(reviewer)
	set_value("Customer", client.name, "credit_rating", "B")
	assert frappe.db.get_value("Customer", client.name, "credit_rating") == "B"


def test_locking_a_tier_needs_a_reason():
	client = make_client(client_tier="Key Client")
	client.tier_locked = 1
	with pytest.raises(TierLockReasonMissingError):
		client.save()
	assert not frappe.db.get_value("Customer", client.name, "tier_locked")
	client.reload()
	client.tier_locked = 1
	client.tier_lock_reason = "Group-level framework agreement"
	client.save()
	assert frappe.db.get_value("Customer", client.name, "tier_locked") == 1


# --- private notes on Contact ---------------------------------------------------------------------


def test_private_notes_are_read_by_the_clients_own_account_team_only():
	executive, director = make_user("Account Executive"), make_user("Account Director")
	client = make_client(account_executive=executive, account_director=director)
	contact = make_contact(client.name, private_notes="Prefers tea; daughter starts university in May")
	readers = (
		(executive, True),
		(director, True),
		(make_user("Account Executive"), False),  # another team's executive
		(make_user("Client Service Head"), True),
		(make_user("Sales User"), False),
	)
	for user, sees in readers:
		frappe.set_user(user)
		data = client_get("Contact", contact.name)
		frappe.set_user("Administrator")
		assert (data.get("private_notes") == contact.private_notes) is sees, user


def test_outsider_cannot_overwrite_private_notes():
	client = make_client()
	contact = make_contact(client.name, private_notes="Original note")
	frappe.set_user(make_user("Sales User"))
	set_value("Contact", contact.name, {"private_notes": "Overwritten", "designation": "CMO"})
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Contact", contact.name, ["private_notes", "designation"]) == (
		"Original note",
		"CMO",
	)
