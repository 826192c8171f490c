"""Install, migrate and uninstall steps of agency_service.

``sync_client_service_setup`` is the one idempotent step that brings a site in line with the code:
custom fields and permissions on ERPNext doctypes (``setup.custom_fields``, ``setup.permissions``), the
shipped client tiers and sign-off rules, and each area's defaults.
It runs after install and after every migrate. Shipped tiers are only created when missing, so a
tier an administrator edited keeps its edits through any number of migrates.
"""

import frappe

from agency_service.care.setup import sync_visit_and_care_setup
from agency_service.complaints.agreements import sync_complaint_setup
from agency_service.compliance.setup import sync_compliance_setup
from agency_service.delivery.setup import sync_delivery_setup
from agency_service.health.setup import sync_health_setup
from agency_service.receivables.setup import sync_receivables_setup
from agency_service.relations.setup import sync_relations_setup
from agency_service.scorecard.settings import sync_scorecard_setup
from agency_service.setup.custom_fields import sync_custom_fields
from agency_service.setup.permissions import sync_permissions
from agency_service.setup.surveys import make_survey_defaults

# name, rank, min score, visit cadence, survey cadence, director contact, {severity: (response h, resolution h)}
SHIPPED_TIERS = (
	(
		"Strategic Client",
		1,
		80,
		14,
		90,
		1,
		"Senior-level contact, a tailored service plan, priority on resources and frequent care.",
		{"Critical": (1, 8), "High": (2, 24), "Medium": (4, 48), "Low": (8, 72)},
	),
	(
		"Key Client",
		2,
		60,
		30,
		180,
		0,
		"A dedicated account manager, regular visits and value-added services.",
		{"Critical": (2, 12), "High": (4, 36), "Medium": (8, 72), "Low": (24, 120)},
	),
	(
		"Potential Client",
		3,
		40,
		45,
		180,
		0,
		"Active communication to show what the agency can do and build trust step by step.",
		{"Critical": (4, 24), "High": (8, 48), "Medium": (24, 96), "Low": (48, 168)},
	),
	(
		"Regular Client",
		4,
		0,
		90,
		365,
		0,
		"Standard service quality, moderate contact and an eye on changing needs.",
		{"Critical": (4, 24), "High": (8, 72), "Medium": (24, 120), "Low": (48, 240)},
	),
)
DEFAULT_TIER = "Potential Client"


def after_install():
	sync_client_service_setup()


def after_migrate():
	sync_client_service_setup()


def sync_client_service_setup():
	sync_custom_fields()
	sync_permissions()
	make_shipped_tiers()
	make_survey_defaults()
	sync_visit_and_care_setup()
	make_shipped_signoff_rules()
	sync_complaint_setup()
	sync_receivables_setup()
	sync_scorecard_setup()
	sync_health_setup()
	sync_relations_setup()
	sync_delivery_setup()
	sync_compliance_setup()
	sync_signature_key()


def sync_signature_key():
	"""One decision of each kind per person and step (a head may reassign and sign the same step)."""
	if frappe.db.has_index("tabSign-off Signature", "unique_signature_per_step"):
		frappe.db.sql_ddl("ALTER TABLE `tabSign-off Signature` DROP INDEX unique_signature_per_step")
	frappe.db.add_unique(
		"Sign-off Signature",
		["request", "step_no", "signer", "decision"],
		constraint_name="unique_decision_per_step",
	)


def shipped_signoff_rules() -> list[dict]:
	"""The sign-off rules the app ships (``signoff_rules.json``; an administrator may change them on the
	desk: a rule of that name is never overwritten). Where they come from: admission 004 §2; work-order
	dispatch and acceptance co-signed by the client's account director, the Client Service Head and, for
	creative work, the department lead (002 B); complaint compensation, a gift above its tier's allowance
	(002 A: nothing that could be a kickback) and a work-order change that moves budget or dates — the
	account director, management too from an amount; a downgrade or locked-tier override — the client's
	account director (the Client Service Head when the director asked: nobody signs their own request);
	a handover — both managers and the head (004 §6); ad content — Legal (004 §5.3.2); a contract and its
	changes — Legal, then the account director (004 §5.2)."""
	return frappe.get_file_json(frappe.get_app_path("agency_service", "setup", "signoff_rules.json"))


def insert_missing(doctype: str, name: str, fields: dict):
	"""Insert a record the app ships unless one of that name exists (an administrator may have changed it)."""
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **fields}).insert(ignore_permissions=True)


def make_shipped_signoff_rules():
	for rule in shipped_signoff_rules():
		insert_missing("Sign-off Rule", rule["rule_name"], {**rule, "enabled": 1, "client_field": "customer"})


def make_shipped_tiers():
	has_default = frappe.db.exists("Client Tier", {"is_default": 1})
	for name, rank, min_score, visit_days, survey_days, director, description, deadlines in SHIPPED_TIERS:
		insert_missing(
			"Client Tier",
			name,
			{
				"tier_name": name,
				"rank": rank,
				"min_score": min_score,
				"visit_cadence_days": visit_days,
				"survey_cadence_days": survey_days,
				"director_contact_required": director,
				"is_default": 1 if name == DEFAULT_TIER and not has_default else 0,
				"description": description,
				"complaint_deadlines": [
					{"severity": severity, "response_hours": response, "resolution_hours": resolution}
					for severity, (response, resolution) in deadlines.items()
				],
			},
		)


def before_tests():
	"""Complete ERPNext's setup on a fresh test site, then make sure our own setup is in place."""
	from erpnext.setup.utils import before_tests as erpnext_before_tests

	erpnext_before_tests()
	sync_client_service_setup()
	frappe.db.commit()  # nosemgrep: test setup runs outside a request and must persist for the suite
