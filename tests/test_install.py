import json
import os
import subprocess

import frappe
import pytest

from agency_service.roles import ACCOUNT_TEAM, ALL_ROLES
from agency_service.setup.custom_fields import get_custom_fields
from agency_service.setup.install import SHIPPED_TIERS, after_install, after_migrate
from tests.conftest import BENCH, SITE


def test_roles_are_installed_with_desk_access():
	for role in ALL_ROLES:
		assert frappe.db.get_value("Role", role, "desk_access") == 1, role


def test_shipped_tiers_with_full_policies():
	ranks = {}
	for name, rank, _score, visit, survey, _director, _text, deadlines in SHIPPED_TIERS:
		tier = frappe.get_doc("Client Tier", name)
		ranks[name] = tier.rank
		assert (tier.rank, tier.visit_cadence_days, tier.survey_cadence_days) == (rank, visit, survey)
		assert 0 < tier.survey_cadence_days <= 365
		assert {
			row.severity: (row.response_hours, row.resolution_hours) for row in tier.complaint_deadlines
		} == (deadlines)
	assert sorted(ranks, key=ranks.get) == [
		"Strategic Client",
		"Key Client",
		"Potential Client",
		"Regular Client",
	]
	assert frappe.db.get_value("Client Tier", "Strategic Client", "director_contact_required") == 1


def test_custom_fields_are_on_customer_and_contact():
	for doctype, fields in get_custom_fields().items():
		meta = frappe.get_meta(doctype)
		for field in fields:
			assert meta.get_field(field["fieldname"]), f"{doctype}.{field['fieldname']}"
	assert frappe.get_meta("Contact").get_field("private_notes").permlevel == 1
	assert frappe.get_meta("Customer").get_field("client_tier").options == "Client Tier"


def test_private_notes_permlevel_is_for_the_account_team_only():
	roles_with_level_1 = set(
		frappe.get_all(
			"Custom DocPerm", filters={"parent": "Contact", "permlevel": 1, "read": 1}, pluck="role"
		)
	)
	assert roles_with_level_1 == {*ACCOUNT_TEAM, "System Manager"}


def counts():
	return {
		"tiers": frappe.db.count("Client Tier"),
		"tier rows": frappe.db.count("Client Tier Complaint Deadline"),
		"custom fields": frappe.db.count("Custom Field", {"dt": ("in", ["Customer", "Contact"])}),
		"custom perms": frappe.db.count("Custom DocPerm", {"parent": ("in", ["Customer", "Contact"])}),
		"roles": frappe.db.count("Role", {"name": ("in", ALL_ROLES)}),
	}


def test_install_and_migrate_hooks_are_idempotent_and_keep_tier_edits():
	tier = frappe.get_doc("Client Tier", "Key Client")
	tier.visit_cadence_days = 21
	tier.description = "Edited by the agency"
	tier.save()
	before = counts()
	after_install()
	after_migrate()
	after_migrate()
	assert counts() == before
	assert frappe.db.get_value("Client Tier", "Key Client", ["visit_cadence_days", "description"]) == (
		21,
		"Edited by the agency",
	)


@pytest.mark.slow
def test_real_migrate_keeps_edits_and_adds_no_duplicates():
	"""`bench migrate` in its own process, on committed data, then put back as it was."""
	tier = frappe.get_doc("Client Tier", "Regular Client")
	original = tier.visit_cadence_days
	tier.visit_cadence_days = 77
	tier.save()
	frappe.db.commit()
	before = counts()
	try:
		command = ["frappe", "--site", SITE, "migrate", "--skip-search-index"]
		migrate = subprocess.run(
			[os.path.join(BENCH, "env/bin/python"), "-m", "frappe.utils.bench_helper", *command],
			cwd=os.path.join(BENCH, "sites"),
			capture_output=True,
			text=True,
			timeout=900,
		)
		assert migrate.returncode == 0, migrate.stdout[-2000:] + migrate.stderr[-2000:]
		frappe.db.rollback()  # see what the other process committed
		assert counts() == before
		assert frappe.db.get_value("Client Tier", "Regular Client", "visit_cadence_days") == 77
	finally:
		frappe.db.set_value("Client Tier", "Regular Client", "visit_cadence_days", original)
		frappe.db.commit()


def test_fixture_file_lists_exactly_the_app_roles():
	path = frappe.get_app_path("agency_service", "fixtures", "role.json")
	with open(path) as f:
		assert {row["name"] for row in json.load(f)} == set(ALL_ROLES)


def test_hooks_assign_each_hook_once():
	"""A hook assigned twice in hooks.py silently drops the first assignment (seen after a merge)."""
	import ast

	with open(frappe.get_app_path("agency_service", "hooks.py")) as f:
		tree = ast.parse(f.read())
	names = [target.id for node in tree.body if isinstance(node, ast.Assign) for target in node.targets]
	assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
