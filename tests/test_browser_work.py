"""The client's written confirmation on /work in a real browser, in Chinese: Debian's Chromium against
the test site served like production (``production_server``). A client's contact logs in, opens its
work, opens the work order and confirms the milestone reached; the Client Confirmation is stored with
the contact's user, the time and the exact version the page showed."""

from urllib.parse import quote

import frappe
import pytest
from frappe.utils import add_to_date, get_datetime, now_datetime, random_string
from selenium.webdriver.common.by import By

from agency_service.delivery.confirmations import pending_items
from tests.browser import console_errors, log_in, wait_for
from tests.factories import dispatch_team, make_client, make_contact, make_user
from tests.test_browser_suite import zh
from tests.test_work_portal import dispatched

pytestmark = pytest.mark.hardening

PASSWORD = f"Browser-{random_string(10)}#7"


@pytest.fixture(scope="module")
def world(production_server, live_data):
	frappe.set_user("Administrator")
	w = frappe._dict(url=production_server)
	w.update(dispatch_team())
	client = live_data.add(
		make_client(
			client_tier="Key Client", account_director=w.director, account_executive=w.ae, language="zh"
		)
	)
	w.portal_user = make_user("Customer", language="zh", password=PASSWORD)
	for user in (w.ae, w.director, w.head, w.portal_user):
		live_data.add(frappe.get_doc("User", user))
	live_data.add(
		make_contact(
			client.name, user=w.portal_user, email_ids=[{"email_id": w.portal_user, "is_primary": 1}]
		)
	)
	order = dispatched(w, client.name, live_data, title="浏览器测试：夏季媒介投放")
	w.order = order.name
	w.milestone = frappe.get_all(
		"Task", {"project": order.project, "is_milestone": 1}, pluck="name", order_by="exp_end_date"
	)[0]
	frappe.db.set_value(
		"Task", w.milestone, {"status": "Completed", "description": "<p>媒介简报已与客户对齐</p>"}
	)
	live_data.commit()
	return w


def test_a_client_confirms_a_milestone_in_writing_in_chromium(world, browser, live_data):
	log_in(browser, world.url, world.portal_user, PASSWORD)
	browser.get(f"{world.url}/work")
	assert browser.find_element(By.CSS_SELECTOR, ".agency-work h3").text == zh("Our Work")
	link = browser.find_element(By.CSS_SELECTOR, f".agency-work a[href='/work/{quote(world.order)}']")
	assert "浏览器测试：夏季媒介投放" in link.text
	link.click()
	wait_for(browser, "return document.querySelector('.agency-work-order .agency-confirm')", 60)
	assert browser.execute_script("return location.pathname") == f"/work/{quote(world.order)}"

	form = browser.find_element(By.CSS_SELECTOR, ".agency-confirm")
	assert "媒介简报已与客户对齐" in form.text
	shown = form.find_element(By.CSS_SELECTOR, "input[name=version]").get_attribute("value")
	[expected] = [
		i for i in pending_items(frappe.get_doc("Client Work Order", world.order)) if i.kind == "Milestone"
	]
	assert (expected.reference_name, expected.version) == (world.milestone, shown)
	form.find_element(By.CSS_SELECTOR, "textarea[name=comments]").send_keys("里程碑确认无误")
	button = form.find_element(By.CSS_SELECTOR, "button[value=Confirmed]")
	assert button.text == zh("Confirm in Writing")
	clicked_at = now_datetime()
	button.click()
	# the page reloads: nothing awaits the client any more, and its confirmation is listed
	wait_for(
		browser,
		"return document.readyState === 'complete' && document.querySelector('.agency-work-order')"
		" && !document.querySelector('.agency-confirm')",
		60,
	)
	assert shown in browser.find_element(By.CSS_SELECTOR, ".agency-work-order").text

	frappe.db.rollback()
	stamps = frappe.get_all(
		"Client Confirmation",
		{"work_order": world.order},
		[
			"name",
			"subject_type",
			"reference_doctype",
			"reference_name",
			"decision",
			"comments",
			"confirmed_by",
			"confirmed_at",
			"version",
		],
	)
	live_data.records += [("Client Confirmation", s.name) for s in stamps]
	[stamp] = stamps
	assert (stamp.subject_type, stamp.reference_doctype, stamp.reference_name) == (
		"Milestone",
		"Task",
		world.milestone,
	)
	assert (stamp.decision, stamp.comments, stamp.confirmed_by, stamp.version) == (
		"Confirmed",
		"里程碑确认无误",
		world.portal_user,
		shown,
	)
	assert add_to_date(clicked_at, minutes=-1) <= get_datetime(stamp.confirmed_at) <= now_datetime()
	assert console_errors(browser) == []
