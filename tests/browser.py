"""A real browser for the desk and the portal: Debian's Chromium driven by Selenium.

Nothing downloads a browser: ``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` come from the Debian
packages ``chromium`` and ``chromium-driver`` (``scripts/test.sh`` installs them when missing). The
browser asks for Chinese pages (``zh-CN``) and keeps its console log, which the tests read.
"""

import json
import os
import shutil
import tempfile

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--disable-dev-shm-usage",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
	"--window-size=1400,1000",
	"--lang=zh-CN",
)


def new_browser():
	from selenium import webdriver
	from selenium.webdriver.chrome.service import Service

	if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
		pytest.fail("Chromium is missing: install the Debian packages chromium and chromium-driver")
	options = webdriver.ChromeOptions()
	options.binary_location = CHROMIUM
	for flag in FLAGS:
		options.add_argument(flag)
	profile = tempfile.mkdtemp(prefix="agency-chromium-")
	options.add_argument(f"--user-data-dir={profile}")
	options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
	options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
	driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
	driver.set_page_load_timeout(90)
	driver.set_script_timeout(60)
	driver.agency_profile = profile
	return driver


def quit_browser(driver):
	driver.quit()
	shutil.rmtree(driver.agency_profile, ignore_errors=True)


@pytest.fixture
def browser():
	driver = new_browser()
	yield driver
	quit_browser(driver)


def console_errors(driver) -> list[str]:
	"""The browser console's errors since the last call (reading the log empties it)."""
	return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def log_in(driver, url: str, user: str, password: str):
	"""Log in through Frappe's login API from the page itself, so the browser holds the session cookie."""
	driver.get(f"{url}/login")
	result = driver.execute_async_script(
		"""
		const [user, password, done] = arguments;
		fetch("/api/method/login", {
			method: "POST",
			headers: {"Content-Type": "application/json", "Accept": "application/json"},
			body: JSON.stringify({usr: user, pwd: password}),
		}).then((r) => done(r.status)).catch((e) => done(String(e)));
		""",
		user,
		password,
	)
	assert result == 200, f"login of {user} answered {result}"


def wait_for(driver, script: str, timeout: float = 30, *args):
	"""Poll a JavaScript expression (a function body returning a value) until it is truthy."""
	from selenium.webdriver.support.ui import WebDriverWait

	return WebDriverWait(driver, timeout, poll_frequency=0.2).until(
		lambda d: d.execute_script(script, *args),
		message=f"waited {timeout} s for: {script.strip()[:200]}",
	)


def wait_for_desk(driver, timeout: float = 60):
	"""The desk has booted and the page's route has rendered (no freeze overlay, no request pending)."""
	wait_for(
		driver,
		"return window.frappe && frappe.boot && frappe.container && frappe.container.page"
		" && !frappe.dom.freeze_count && !(frappe.request && frappe.request.ajax_count > 0)",
		timeout,
	)


def pretty(value) -> str:
	return json.dumps(value, ensure_ascii=False, indent=1)
