"""pytest against a real site: MariaDB, Redis and ERPNext, no mocks.

The site and bench come from the same settings as scripts/lib.sh (AGENCY_TEST_SITE, AGENCY_BENCH).
Each test runs as Administrator unless it switches user, and everything it wrote is rolled back after it.
"""

import os

import frappe
import pytest

from tests.factories import forget_email_accounts, make_outgoing_account

pytest_plugins = ["tests.live_server", "tests.production_stack", "tests.browser"]

SITE = os.environ.get("AGENCY_TEST_SITE", "test-agency.localhost")
BENCH = os.environ.get("AGENCY_BENCH", os.path.expanduser("~/agency-bench"))


def pytest_collection_modifyitems(config, items):
	"""The hardening suites start servers, a worker, a browser or a second database beside the site:
	they run after every other module, so none of those can run beside a test that does not expect it."""
	items.sort(key=lambda item: item.get_closest_marker("hardening") is not None)


@pytest.fixture(scope="session", autouse=True)
def site():
	sites = os.path.join(BENCH, "sites")
	os.chdir(sites)  # frappe writes its logs to ../logs from the sites folder
	frappe.init(site=SITE, sites_path=sites)
	frappe.connect()
	frappe.flags.in_test = True
	frappe.clear_cache()
	for method in frappe.get_hooks("before_tests", app_name="agency_service"):
		frappe.get_attr(method)()
	disable_outgoing_email()
	yield SITE
	frappe.db.rollback()
	frappe.destroy()


@pytest.fixture(autouse=True)
def rollback(site):
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	muted = frappe.flags.mute_emails
	yield
	frappe.db.rollback()
	forget_email_accounts()
	frappe.flags.mute_emails = muted  # a test that mutes emails must not leave the next one muted
	frappe.set_user("Administrator")
	frappe.local.lang = "en"


def disable_outgoing_email():
	"""With an outgoing account, Frappe sends assignment emails at once in test mode and commits while
	doing so, which would keep a test's data past its rollback. Tests that check emails use the
	``outgoing_email`` fixture instead."""
	for account in frappe.get_all("Email Account", {"enable_outgoing": 1}, pluck="name"):
		frappe.db.set_value("Email Account", account, "enable_outgoing", 0)
	frappe.db.commit()


@pytest.fixture
def outgoing_email():
	"""An outgoing email account for this test only (rolled back with it), so emails get queued.

	Request it after the assignments a test makes, right before the step whose emails it checks
	(see ``disable_outgoing_email``)."""
	yield make_outgoing_account("Agency Test Outgoing", "notifications@agency-test.example.com")
	frappe.db.rollback()
	forget_email_accounts()
