"""Install → uninstall on a site with ERPNext alone leaves Customer, Contact, Contract, Issue and Support
Settings as they were: no custom field, property setter, permission row, forced setting or shipped
template is left.

Runs `bench install-app` / `uninstall-app` in their own processes on a second site of the bench
(``AGENCY_UNINSTALL_SITE``, made once with ERPNext only and kept for the next run).
"""

import json
import os
import subprocess

import pytest

from tests.conftest import BENCH, SITE

UNINSTALL_SITE = os.environ.get("AGENCY_UNINSTALL_SITE", f"uninstall-{SITE}")
HOST_DOCTYPES = ("Customer", "Contact", "Contract", "Issue", "Support Settings", "Issue Priority")

SNAPSHOT = """
import json, frappe
frappe.init(site={site!r}, sites_path=".")
frappe.connect()
host = {host!r}
out = {{
	"custom_fields": frappe.get_all("Custom Field", {{"dt": ("in", host)}}, pluck="name", order_by="name"),
	"property_setters": frappe.get_all("Property Setter", {{"doc_type": ("in", host)}}, pluck="name", order_by="name"),
	"custom_docperms": sorted(map(list, frappe.get_all("Custom DocPerm", {{"parent": ("in", host)}},
		["parent", "role", "permlevel", "read", "write", "create"], as_list=True))),
	"support_settings": frappe.db.get_singles_dict("Support Settings"),
	"email_templates": frappe.get_all("Email Template", pluck="name", order_by="name"),
	"agency_defaults": frappe.get_all("DefaultValue", {{"defkey": ("like", "agency_service%")}}, pluck="defkey"),
}}
print("SNAPSHOT" + json.dumps(out, default=str, sort_keys=True))
frappe.destroy()
"""


def run(*args, timeout=1800):
	result = subprocess.run(
		[os.path.join(BENCH, "env/bin/python"), *args],
		cwd=os.path.join(BENCH, "sites"),
		capture_output=True,
		text=True,
		timeout=timeout,
	)
	assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
	return result.stdout


def bench(*args):
	return run("-m", "frappe.utils.bench_helper", "frappe", *args)


def snapshot() -> dict:
	out = run("-c", SNAPSHOT.format(site=UNINSTALL_SITE, host=list(HOST_DOCTYPES)))
	data = json.loads(out.split("SNAPSHOT", 1)[1])
	data["support_settings"].pop("modified", None)
	return data


@pytest.fixture(scope="module")
def erpnext_site():
	if not os.path.exists(os.path.join(BENCH, "sites", UNINSTALL_SITE, "site_config.json")):
		bench(
			"new-site",
			UNINSTALL_SITE,
			"--db-root-password",
			os.environ.get("AGENCY_DB_ROOT_PASSWORD", "agency-root"),
			"--admin-password",
			"admin",
			"--mariadb-user-host-login-scope=%",
		)
	apps = bench("--site", UNINSTALL_SITE, "list-apps")
	if "erpnext" not in apps:
		bench("--site", UNINSTALL_SITE, "install-app", "erpnext")
	if "agency_service" in apps:  # left by a run that stopped half-way
		bench("--site", UNINSTALL_SITE, "uninstall-app", "agency_service", "--yes", "--no-backup", "--force")
	return UNINSTALL_SITE


def test_uninstall_leaves_the_host_doctypes_as_they_were(erpnext_site):
	before = snapshot()
	bench("--site", erpnext_site, "install-app", "agency_service")
	installed = snapshot()
	# the install did add to each area compared below, so the comparison after uninstall means something
	assert len(installed["custom_fields"]) > len(before["custom_fields"])
	assert set(installed["property_setters"]) > set(before["property_setters"])
	assert len(installed["custom_docperms"]) > len(before["custom_docperms"])
	assert (
		installed["agency_defaults"]
		and int(installed["support_settings"]["track_service_level_agreement"]) == 1
	)
	bench("--site", erpnext_site, "uninstall-app", "agency_service", "--yes", "--no-backup")
	assert snapshot() == before
