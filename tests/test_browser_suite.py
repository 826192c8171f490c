"""The app in a real browser, in Chinese: Debian's Chromium (Selenium) against the test site served
like production (nginx, gunicorn, socketio, a worker: ``production_server``).

A client's contact files a complaint with an attachment on the portal, follows it, accepts the proposed
solution and rates it; a contact answers a survey through its link; an approver signs a work order from
the sign-off panel; an account manager opens the Client Service workspace and every report of the app
without an error in the browser console. Data is committed (the server is another process) and purged.
"""

import json
import os
import tempfile

import frappe
import pytest
from frappe.utils import random_string
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser import console_errors, log_in, wait_for, wait_for_desk
from tests.factories import make_client, make_contact, make_user, make_work_order, propose_solution, staff
from tests.survey_factories import make_invitation, make_outbox

pytestmark = pytest.mark.hardening

PASSWORD = f"Browser-{random_string(10)}#5"
WORKSPACE = os.path.join(
	os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
	"agency_service/agency_service/workspace/client_service/client_service.json",
)


def zh(text: str) -> str:
	"""The Simplified Chinese the pages must show for ``text``."""
	frappe.local.lang = "zh"
	try:
		return frappe._(text)
	finally:
		frappe.local.lang = "en"


def with_password(user: str) -> str:
	frappe.get_doc("User", user).update({"new_password": PASSWORD}).save(ignore_permissions=True)
	return user


@pytest.fixture(scope="module")
def world(production_server, live_data):
	frappe.set_user("Administrator")
	w = frappe._dict(url=production_server)
	w.manager = with_password(make_user("Account Manager", "Sales User", language="zh"))
	w.director = with_password(make_user("Account Director", "Sales User", language="zh"))
	w.head = staff("Client Service Head")
	w.client = live_data.add(
		make_client(
			client_tier="Key Client", account_manager=w.manager, account_director=w.director, language="zh"
		)
	)
	w.portal_user = with_password(make_user("Customer", language="zh"))
	w.contact = live_data.add(
		make_contact(
			w.client.name, user=w.portal_user, email_ids=[{"email_id": w.portal_user, "is_primary": 1}]
		)
	)
	for user in (w.manager, w.director, w.head, w.portal_user):
		live_data.add(frappe.get_doc("User", user))
	had_outbox = frappe.db.get_value("Email Account", {"default_outgoing": 1, "enable_outgoing": 1})
	outbox = make_outbox()
	if not had_outbox:
		live_data.add(frappe.get_doc("Email Account", outbox))
	live_data.commit()
	return w


def committed_records(live_data, doctype: str, filters: dict) -> list[str]:
	frappe.db.rollback()
	names = frappe.get_all(doctype, filters, pluck="name")
	live_data.records.extend((doctype, name) for name in names)
	return names


def test_a_client_files_a_complaint_follows_it_accepts_the_solution_and_rates_it(world, browser, live_data):
	log_in(browser, world.url, world.portal_user, PASSWORD)
	browser.get(f"{world.url}/complaints")
	assert browser.find_element(By.CSS_SELECTOR, ".agency-complaints h3").text == zh("Complaints")
	browser.find_element(By.CSS_SELECTOR, "[data-target='#new-complaint']").click()
	wait_for(browser, "return document.querySelector('#new-complaint.show')")
	browser.find_element(By.ID, "subject").send_keys("海报印刷色差")
	Select(browser.find_element(By.ID, "category")).select_by_index(1)
	Select(browser.find_element(By.ID, "severity")).select_by_value("High")
	browser.find_element(By.ID, "content").send_keys("海报颜色与确认稿不一致。")
	browser.find_element(By.ID, "demand").send_keys("请在周五前重印。")
	with tempfile.NamedTemporaryFile("wb", suffix=".png", delete=False) as photo:
		photo.write(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
	browser.find_element(By.ID, "attachments").send_keys(photo.name)
	browser.find_element(By.CSS_SELECTOR, "#new-complaint button[type=submit]").click()
	wait_for(browser, "return /\\/complaints\\/[^/]+$/.test(location.pathname)", 60)
	os.remove(photo.name)
	name = browser.execute_script("return document.querySelector('.agency-complaint').dataset.name")
	complaint = committed_records(live_data, "Client Complaint", {"name": name})
	assert complaint == [name]
	committed_records(live_data, "File", {"attached_to_name": name})
	doc = frappe.get_doc("Client Complaint", name)
	assert (doc.customer, doc.channel, doc.raised_by) == (world.client.name, "Portal", world.portal_user)
	assert frappe.db.count("File", {"attached_to_doctype": "Client Complaint", "attached_to_name": name}) == 1
	page = browser.find_element(By.CSS_SELECTOR, ".agency-complaint").text
	assert "海报印刷色差" in page and zh("Registered") in page

	# the client follows it: the list shows it, and a message reaches the agency
	browser.get(f"{world.url}/complaints")
	assert name in browser.find_element(By.CSS_SELECTOR, "table").text
	browser.get(f"{world.url}/complaints/{name}")
	browser.find_element(By.CSS_SELECTOR, ".agency-message textarea").send_keys("请问进展如何？")
	browser.find_element(By.CSS_SELECTOR, ".agency-message button[type=submit]").click()
	wait_for(browser, "return document.body.innerText.includes('请问进展如何？')", 60)
	committed_records(live_data, "Communication", {"reference_name": name})

	# the agency proposes a solution; the client accepts it on the portal
	propose_solution(
		frappe.get_doc("Client Complaint", name),
		world.manager,
		"<p>色彩配置文件错误</p>",
		"<p>由我方承担费用重印</p>",
	)
	frappe.db.commit()  # nosemgrep: the server reads it
	browser.get(f"{world.url}/complaints/{name}")
	assert "由我方承担费用重印" in browser.find_element(By.CSS_SELECTOR, ".agency-complaint").text
	accept = browser.find_element(By.CSS_SELECTOR, ".agency-decision button[value=Accepted]")
	assert accept.text == zh("Accept Solution")
	accept.click()
	wait_for(browser, "return !document.querySelector('.agency-decision')", 60)
	frappe.db.rollback()
	assert frappe.db.get_value("Client Complaint", name, ["client_decision", "client_decision_by"]) == (
		"Accepted",
		world.portal_user,
	)

	# the agency carries it out; the client rates the outcome
	doc = frappe.get_doc("Client Complaint", name)
	doc.start_execution()
	doc.mark_resolved("已重印")
	frappe.db.commit()  # nosemgrep: the server reads it
	browser.get(f"{world.url}/complaints/{name}")
	Select(browser.find_element(By.CSS_SELECTOR, ".agency-rating select[name=rating]")).select_by_value("5")
	browser.find_element(By.CSS_SELECTOR, ".agency-rating button[value=Yes]").click()
	wait_for(browser, "return !document.querySelector('.agency-rating')", 60)
	frappe.db.rollback()
	assert frappe.db.get_value("Client Complaint", name, "status") == "Closed"
	committed_records(live_data, "Communication", {"reference_name": name})
	committed_records(live_data, "Survey Invitation", {"customer": world.client.name})
	assert console_errors(browser) == []


def test_a_contact_answers_a_survey_by_its_link(world, browser, live_data):
	frappe.flags.mute_emails = True
	invitation, token = make_invitation(world.client.name, world.contact.name)
	live_data.add(invitation)
	frappe.db.commit()  # nosemgrep: the server reads it
	browser.get(f"{world.url}/client-survey?token={token}")
	assert zh("Submit Answers") == browser.find_element(By.CSS_SELECTOR, "#survey-form button").text
	for fieldset in browser.find_elements(By.CSS_SELECTOR, "#survey-form fieldset"):
		radios = fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio]")
		if radios:
			values = [r.get_attribute("value") for r in radios]
			choice = "9" if "9" in values else "5" if "5" in values else values[0]
			fieldset.find_element(By.CSS_SELECTOR, f"input[value='{choice}'] + span").click()
		for text in fieldset.find_elements(By.TAG_NAME, "textarea"):
			text.send_keys("服务很好，响应及时。")
	browser.find_element(By.CSS_SELECTOR, "#survey-form button").click()
	thanks = wait_for(browser, "return !document.getElementById('survey-thanks').hidden", 60)
	assert thanks
	assert browser.find_element(By.ID, "survey-thanks").text == zh(
		"Thank you! Your answers help us serve you better."
	)
	responses = committed_records(live_data, "Survey Response", {"survey_invitation": invitation.name})
	assert len(responses) == 1
	assert console_errors(browser) == []


def test_an_approver_signs_a_work_order_from_the_sign_off_panel(world, browser, live_data):
	order = live_data.add(make_work_order(world.client.name))
	order.submit_for_dispatch()
	frappe.db.commit()  # nosemgrep: the server reads it
	request = frappe.db.get_value("Client Work Order", order.name, "signoff_request")
	live_data.records.append(("Sign-off Request", request))

	log_in(browser, world.url, world.director, PASSWORD)
	browser.get(f"{world.url}/app/client-work-order/{order.name}")
	wait_for_desk(browser)
	group = zh("Sign-off")
	toggle = wait_for(
		browser,
		"return [...document.querySelectorAll('.inner-group-button button')]"
		".find((b) => b.offsetParent && b.textContent.trim() === arguments[0])",
		30,
		group,
	)
	toggle.click()
	item = wait_for(
		browser,
		"return [...document.querySelectorAll('.inner-group-button .dropdown-item')]"
		".find((a) => a.offsetParent && a.textContent.trim() === arguments[0])",
		30,
		zh("Sign"),
	)
	item.click()
	dialog = wait_for(browser, "return document.querySelector('.modal.show')", 30)
	dialog.find_element(By.CSS_SELECTOR, "textarea").send_keys("同意派单")
	dialog.find_element(By.CSS_SELECTOR, ".btn-primary").click()
	wait_for(browser, "return !document.querySelector('.modal.show')", 60)
	frappe.db.rollback()
	deadline_signed = frappe.get_all(
		"Sign-off Signature",
		{"request": request, "signer": world.director, "decision": "Approved"},
		pluck="comment",
	)
	assert deadline_signed == ["同意派单"]
	# the form reloads and its panel lists the signature with its comment
	wait_for(
		browser,
		"const panel = document.querySelector('.signoff-panel'); return panel && panel.innerText.includes('同意派单')",
		60,
	)
	assert console_errors(browser) == []


def workspace_reports() -> list[str]:
	with open(WORKSPACE) as f:
		workspace = json.load(f)
	return [link["link_to"] for link in workspace["links"] if link.get("link_type") == "Report"]


def test_an_account_manager_opens_the_workspace_and_every_report_without_a_console_error(world, browser):
	log_in(browser, world.url, world.manager, PASSWORD)
	browser.get(f"{world.url}/app/client-service")
	wait_for_desk(browser)
	wait_for(
		browser, "return document.querySelectorAll('.widget.number-widget-box, .number-widget-box').length"
	)
	wait_for_desk(browser)
	assert browser.execute_script("return frappe.boot.lang") == "zh"
	errors = {"Client Service": console_errors(browser)}
	reports = workspace_reports()
	assert len(reports) >= 12
	for report in reports:
		browser.get(f"{world.url}/app/query-report/{report}")
		wait_for_desk(browser)
		wait_for(
			browser,
			"return frappe.query_report && frappe.query_report.report_name === arguments[0]"
			" && !frappe.query_report.loading && document.querySelector('.report-wrapper')",
			60,
			report,
		)
		wait_for_desk(browser)
		errors[report] = console_errors(browser)
	assert {page: found for page, found in errors.items() if found} == {}
