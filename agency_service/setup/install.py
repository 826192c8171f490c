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


CREATIVE_WORK = "doc.work_order_type == 'Creative Direction' or 'Creative' in [d.department for d in doc.target_departments]"
WORK_ORDER_COSIGN = [
	{"step_no": 1, "approver_source": "Client Field", "fieldname": "account_director"},
	{"step_no": 1, "approver_source": "Role", "role": "Client Service Head"},
	{"step_no": 1, "approver_source": "Role", "role": "Department Lead", "condition": CREATIVE_WORK},
]


def work_order_rule(rule_name: str, purpose: str, step_name: str, deadline_hours: int) -> tuple:
	"""A work order's one step, signed by every co-signer of ``WORK_ORDER_COSIGN``."""
	step = {"step_no": 1, "step_name": step_name, "signers_required": "All", "deadline_hours": deadline_hours}
	return (rule_name, "Client Work Order", purpose, [step], WORK_ORDER_COSIGN)


def director_then_management_rule(rule_name: str, doctype: str, purpose: str, management_when: str) -> tuple:
	"""The client's account director (or the Client Service Head) signs; management too when
	``management_when`` holds (e.g. above an amount)."""
	steps = [
		{"step_no": 1, "step_name": "Account Director Approval", "deadline_hours": 24},
		{
			"step_no": 2,
			"step_name": "Management Approval",
			"deadline_hours": 48,
			"condition": management_when,
		},
	]
	approvers = [
		{"step_no": 1, "approver_source": "Client Field", "fieldname": "account_director"},
		{"step_no": 1, "approver_source": "Role", "role": "Client Service Head"},
		{"step_no": 2, "approver_source": "Role", "role": "Agency Management"},
	]
	return (rule_name, doctype, purpose, steps, approvers)


# rule name, doctype, purpose, steps, approvers
SHIPPED_SIGNOFF_RULES = (
	(
		"Client Admission",
		"Client Admission",
		"admission",
		[
			{"step_no": 1, "step_name": "Marketing Review", "deadline_hours": 24},
			{
				"step_no": 2,
				"step_name": "Credit Evaluation",
				"deadline_hours": 48,
				"step_fields": "credit_rating, proposed_credit_limit",
			},
			{"step_no": 3, "step_name": "Legal Compliance Review", "deadline_hours": 48},
			{"step_no": 4, "step_name": "Management Decision", "deadline_hours": 48},
		],
		[
			{"step_no": 1, "approver_source": "Role", "role": "Department Lead"},
			{"step_no": 2, "approver_source": "Role", "role": "Credit Reviewer"},
			{"step_no": 3, "approver_source": "Role", "role": "Legal Reviewer"},
			{"step_no": 4, "approver_source": "Role", "role": "Agency Management"},
		],
	),
	work_order_rule("Work Order Dispatch", "dispatch", "Dispatch Approval", 24),
	director_then_management_rule(
		"Complaint Compensation", "Client Complaint", "compensation", "doc.compensation_amount >= 50000"
	),
	work_order_rule("Work Order Acceptance", "acceptance", "Acceptance Approval", 48),
	# relationship register: a gift above its tier's allowance (002 A: nothing that could be a kickback)
	director_then_management_rule("Client Gift Approval", "Client Gift", "gift", "doc.amount >= 10000"),
	# scorecard: a downgrade or a locked-tier override is signed by the client's account director (by the
	# Client Service Head when the director asked for it: nobody signs their own request)
	(
		"Client Tier Change",
		"Client Tier Change",
		"tier_change",
		[{"step_no": 1, "step_name": "Account Director Approval", "deadline_hours": 72}],
		[
			{
				"step_no": 1,
				"approver_source": "Client Field",
				"fieldname": "account_director",
				"condition": "not doc.requested_by_account_director",
			},
			{
				"step_no": 1,
				"approver_source": "Role",
				"role": "Client Service Head",
				"condition": "doc.requested_by_account_director",
			},
		],
	),
)


HANDOVER_SIGNOFF = (
	"Client Handover",
	"Client Handover",
	"handover",
	[{"step_no": 1, "step_name": "Handover Sign-off", "signers_required": "All", "deadline_hours": 48}],
	[
		{"step_no": 1, "approver_source": "Document Field", "fieldname": "outgoing_user"},
		{"step_no": 1, "approver_source": "Document Field", "fieldname": "incoming_user"},
		{"step_no": 1, "approver_source": "Role", "role": "Client Service Head"},
	],
)
# a change that moves a dispatched work order's budget or deadline (management from 50,000 more)
CHANGE_REQUEST_SIGNOFF = director_then_management_rule(
	"Work Order Change", "Work Order Change Request", "change", "doc.budget_change >= 50000"
)
# ad-content review (004 §5.3.2): Legal signs the content of a work order before it is delivered
CONTENT_REVIEW_SIGNOFF = (
	"Ad Content Review",
	"Ad Content Review",
	"content_review",
	[{"step_no": 1, "step_name": "Legal Content Review", "deadline_hours": 24}],
	[{"step_no": 1, "approver_source": "Role", "role": "Legal Reviewer"}],
)
# contracts (004 §5.2): Legal reviews a contract before it is signed; a change (a new version) is reviewed by
# Legal and approved by the client's account director (or the Client Service Head)
CONTRACT_SIGNOFFS = (
	(
		"Contract Legal Review",
		"Contract",
		"legal_review",
		[{"step_no": 1, "step_name": "Legal Contract Review", "deadline_hours": 48}],
		[{"step_no": 1, "approver_source": "Role", "role": "Legal Reviewer"}],
	),
	(
		"Contract Change",
		"Contract",
		"contract_change",
		[
			{"step_no": 1, "step_name": "Legal Contract Review", "deadline_hours": 48},
			{"step_no": 2, "step_name": "Account Director Approval", "deadline_hours": 48},
		],
		[
			{"step_no": 1, "approver_source": "Role", "role": "Legal Reviewer"},
			{"step_no": 2, "approver_source": "Client Field", "fieldname": "account_director"},
			{"step_no": 2, "approver_source": "Role", "role": "Client Service Head"},
		],
	),
)
SHIPPED_SIGNOFF_RULES = (
	*SHIPPED_SIGNOFF_RULES,
	HANDOVER_SIGNOFF,
	CONTENT_REVIEW_SIGNOFF,
	*CONTRACT_SIGNOFFS,
	CHANGE_REQUEST_SIGNOFF,
)


def insert_missing(doctype: str, name: str, fields: dict):
	"""Insert a record the app ships unless one of that name exists (an administrator may have changed it)."""
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **fields}).insert(ignore_permissions=True)


def make_shipped_signoff_rules():
	for rule_name, doctype, purpose, steps, approvers in SHIPPED_SIGNOFF_RULES:
		insert_missing(
			"Sign-off Rule",
			rule_name,
			{
				"rule_name": rule_name,
				"document_type": doctype,
				"purpose": purpose,
				"enabled": 1,
				"client_field": "customer",
				"steps": steps,
				"approvers": approvers,
			},
		)


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
