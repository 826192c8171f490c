"""Every custom field the app adds to ERPNext's own doctypes (Customer, Contact), in one place.

Created by ``setup.install`` after install and every migrate, removed by ``before_uninstall``. The app's own
doctypes carry their fields in their JSON. Field-level access is by permlevel:

* permlevel 1 — tier, tier lock, account team and the director's ratings on Customer; private notes on
  Contact. Everyone who serves clients reads it; only ``TIER_MANAGERS`` write the Customer part and only
  the ``ACCOUNT_TEAM`` reads or writes Contact private notes.
* permlevel 2 — credit rating on Customer (and ERPNext's credit limits): read and written by
  ``CREDIT_MANAGERS``, read by the Client Service Head (004 §6.3: the credit file is the credit department's).
* permlevel 3 — the legal part of the archive (licences): read by ``LEGAL_READERS``.
* permlevel 4 — the business part of the archive (the client's needs): read by the account team.
"""

from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from agency_service.signoff.rules import SIGNOFF_FIELDS

ADMISSION_STATUSES = ("", "Under Review", "Approved", "Rejected")
CREDIT_RATINGS = ("", "A", "B", "C", "D")
CLIENT_ROLES = ("", "Decision Maker", "Advertising Manager", "Project Contact", "Finance Contact", "Other")
COMMUNICATION_PREFERENCES = ("", "Phone", "WeChat", "Email", "In-Person Visit", "Video Call")

TIER_PERMLEVEL = 1
CREDIT_PERMLEVEL = 2
LEGAL_PERMLEVEL = 3
BUSINESS_PERMLEVEL = 4
PRIVATE_NOTES_PERMLEVEL = 1

# the client's basic facts and needs, copied from its approved Client Admission (field on both: same name)
ADMISSION_FACTS = (
	"credit_code",
	"legal_representative",
	"registered_address",
	"business_scope",
	"business_licence",
	"other_licences",
	"ad_goals",
	"budget",
	"preferred_forms",
	"target_audience",
	"campaign_start",
	"campaign_end",
)


def signoff_fields(insert_after: str) -> list[dict]:
	"""The sign-off status and request on an ERPNext document a Sign-off Rule may target."""
	fields, after = [], insert_after
	for field in SIGNOFF_FIELDS:
		fields.append({**field, "insert_after": after})
		after = field["fieldname"]
	return fields


def get_custom_fields() -> dict[str, list[dict]]:
	return {
		"Customer": [
			{
				"fieldname": "agency_client_service_tab",
				"fieldtype": "Tab Break",
				"label": "Client Service",
				"insert_after": "portal_users",
			},
			{
				"fieldname": "client_tier",
				"fieldtype": "Link",
				"label": "Client Tier",
				"options": "Client Tier",
				"insert_after": "agency_client_service_tab",
				"in_standard_filter": 1,
				"in_list_view": 1,
				"permlevel": TIER_PERMLEVEL,
				"search_index": 1,
			},
			{
				"fieldname": "tier_score",
				"fieldtype": "Float",
				"label": "Tier Score",
				"insert_after": "client_tier",
				"read_only": 1,
				"precision": "1",
				"permlevel": TIER_PERMLEVEL,
			},
			{
				"fieldname": "tier_date",
				"fieldtype": "Date",
				"label": "Tier Set On",
				"insert_after": "tier_score",
				"read_only": 1,
				"permlevel": TIER_PERMLEVEL,
			},
			{
				"fieldname": "tier_locked",
				"fieldtype": "Check",
				"label": "Tier Locked",
				"insert_after": "tier_date",
				"description": "Keep this tier whatever the scorecard suggests",
				"permlevel": TIER_PERMLEVEL,
			},
			{
				"fieldname": "tier_lock_reason",
				"fieldtype": "Small Text",
				"label": "Tier Lock Reason",
				"insert_after": "tier_locked",
				"depends_on": "eval:doc.tier_locked",
				"mandatory_depends_on": "eval:doc.tier_locked",
				"permlevel": TIER_PERMLEVEL,
			},
			{
				"fieldname": "agency_team_column",
				"fieldtype": "Column Break",
				"label": "Account Team",
				"insert_after": "tier_lock_reason",
			},
			{
				"fieldname": "account_director",
				"fieldtype": "Link",
				"label": "Account Director",
				"options": "User",
				"insert_after": "agency_team_column",
				"permlevel": TIER_PERMLEVEL,
				"search_index": 1,
			},
			{
				"fieldname": "account_executive",
				"fieldtype": "Link",
				"label": "Account Executive",
				"options": "User",
				"insert_after": "account_director",
				"permlevel": TIER_PERMLEVEL,
				"search_index": 1,
				"description": "The account manager is ERPNext's Account Manager field in the Details tab",
			},
			{
				"fieldname": "admission_status",
				"fieldtype": "Select",
				"label": "Admission Status",
				"options": "\n".join(ADMISSION_STATUSES),
				"insert_after": "account_executive",
				"read_only": 1,
				"permlevel": TIER_PERMLEVEL,
			},
			{
				"fieldname": "credit_rating",
				"fieldtype": "Select",
				"label": "Credit Rating",
				"options": "\n".join(CREDIT_RATINGS),
				"insert_after": "admission_status",
				"permlevel": CREDIT_PERMLEVEL,
				"description": "A: excellent, B: good, C: watch, D: high risk",
			},
			{
				"fieldname": "credit_suspended",
				"fieldtype": "Check",
				"label": "Credit Suspended",
				"insert_after": "credit_rating",
				"read_only": 1,
				"permlevel": CREDIT_PERMLEVEL,
				"in_standard_filter": 1,
				"description": "Set by a credit review: a suspended client gets no new work order or contract",
			},
			{
				"fieldname": "credit_suspension_reason",
				"fieldtype": "Small Text",
				"label": "Suspension Reason",
				"insert_after": "credit_suspended",
				"read_only": 1,
				"permlevel": CREDIT_PERMLEVEL,
				"depends_on": "credit_suspended",
			},
			{
				"fieldname": "last_credit_review",
				"fieldtype": "Date",
				"label": "Last Credit Review",
				"insert_after": "credit_suspension_reason",
				"read_only": 1,
				"permlevel": CREDIT_PERMLEVEL,
			},
			{
				"fieldname": "agency_service_figures_section",
				"fieldtype": "Section Break",
				"label": "Service Figures",
				"insert_after": "last_credit_review",
			},
			{
				"fieldname": "last_visit_date",
				"fieldtype": "Date",
				"label": "Last Visit",
				"insert_after": "agency_service_figures_section",
				"read_only": 1,
			},
			{
				"fieldname": "next_visit_date",
				"fieldtype": "Date",
				"label": "Next Visit Due",
				"insert_after": "last_visit_date",
				"read_only": 1,
			},
			{
				"fieldname": "last_survey_date",
				"fieldtype": "Date",
				"label": "Last Satisfaction Survey",
				"insert_after": "next_visit_date",
				"read_only": 1,
			},
			{
				"fieldname": "agency_figures_column",
				"fieldtype": "Column Break",
				"insert_after": "last_survey_date",
			},
			{
				"fieldname": "csat",
				"fieldtype": "Percent",
				"label": "CSAT",
				"insert_after": "agency_figures_column",
				"read_only": 1,
				"description": "Share of satisfied answers (4–5 of 5) in the client's surveys",
			},
			{
				"fieldname": "nps",
				"fieldtype": "Float",
				"label": "NPS",
				"insert_after": "csat",
				"read_only": 1,
				"precision": "1",
				"description": "Promoters (9–10) minus detractors (0–6), in percentage points",
			},
			# the account director's ratings (scorecard)
			{
				"fieldname": "growth_potential",
				"fieldtype": "Int",
				"label": "Growth Potential (1–5)",
				"insert_after": "tier_lock_reason",
				"permlevel": TIER_PERMLEVEL,
				"description": "Scored by the account director: 1 low, 5 high",
			},
			{
				"fieldname": "strategic_fit",
				"fieldtype": "Int",
				"label": "Strategic Fit (1–5)",
				"insert_after": "growth_potential",
				"permlevel": TIER_PERMLEVEL,
				"description": "Scored by the account director: how well the client fits the agency's strategy",
			},
			# the care calendar
			{
				"fieldname": "agency_care_section",
				"fieldtype": "Section Break",
				"label": "Care Calendar",
				"insert_after": "nps",
			},
			{
				"fieldname": "founded_on",
				"fieldtype": "Date",
				"label": "Company Founded On",
				"insert_after": "agency_care_section",
				"description": "The account team is reminded of the founding anniversary every year",
			},
			{
				"fieldname": "agency_care_column",
				"fieldtype": "Column Break",
				"insert_after": "founded_on",
			},
			{
				"fieldname": "cooperating_since",
				"fieldtype": "Date",
				"label": "Cooperating Since",
				"insert_after": "agency_care_column",
				"description": "First day of cooperation with our agency; its anniversary is remembered",
			},
			# the client archive (客户档案, 004 §6.1): basic facts, legal part, business needs
			{
				"fieldname": "agency_archive_tab",
				"fieldtype": "Tab Break",
				"label": "Client Archive",
				"insert_after": "cooperating_since",
			},
			{
				"fieldname": "agency_basic_facts_section",
				"fieldtype": "Section Break",
				"label": "Basic Facts",
				"insert_after": "agency_archive_tab",
			},
			{
				"fieldname": "credit_code",
				"fieldtype": "Data",
				"label": "Unified Social Credit Code",
				"insert_after": "agency_basic_facts_section",
			},
			{
				"fieldname": "legal_representative",
				"fieldtype": "Data",
				"label": "Legal Representative",
				"insert_after": "credit_code",
			},
			{
				"fieldname": "registered_address",
				"fieldtype": "Small Text",
				"label": "Registered Address",
				"insert_after": "legal_representative",
			},
			{
				"fieldname": "agency_basic_facts_column",
				"fieldtype": "Column Break",
				"insert_after": "registered_address",
			},
			{
				"fieldname": "business_scope",
				"fieldtype": "Small Text",
				"label": "Business Scope",
				"insert_after": "agency_basic_facts_column",
			},
			{
				"fieldname": "agency_licences_section",
				"fieldtype": "Section Break",
				"label": "Licences",
				"insert_after": "business_scope",
				"permlevel": LEGAL_PERMLEVEL,
			},
			{
				"fieldname": "business_licence",
				"fieldtype": "Attach",
				"label": "Business Licence",
				"insert_after": "agency_licences_section",
				"permlevel": LEGAL_PERMLEVEL,
			},
			{
				"fieldname": "other_licences",
				"fieldtype": "Attach",
				"label": "Other Licences",
				"insert_after": "business_licence",
				"permlevel": LEGAL_PERMLEVEL,
			},
			{
				"fieldname": "agency_business_needs_section",
				"fieldtype": "Section Break",
				"label": "Business Needs",
				"insert_after": "other_licences",
				"permlevel": BUSINESS_PERMLEVEL,
			},
			{
				"fieldname": "ad_goals",
				"fieldtype": "Small Text",
				"label": "Advertising Goals",
				"insert_after": "agency_business_needs_section",
				"permlevel": BUSINESS_PERMLEVEL,
			},
			{
				"fieldname": "budget",
				"fieldtype": "Currency",
				"label": "Advertising Budget",
				"insert_after": "ad_goals",
				"permlevel": BUSINESS_PERMLEVEL,
			},
			{
				"fieldname": "campaign_start",
				"fieldtype": "Date",
				"label": "Campaign Start",
				"insert_after": "budget",
				"permlevel": BUSINESS_PERMLEVEL,
			},
			{
				"fieldname": "campaign_end",
				"fieldtype": "Date",
				"label": "Campaign End",
				"insert_after": "campaign_start",
				"permlevel": BUSINESS_PERMLEVEL,
			},
			{
				"fieldname": "agency_business_needs_column",
				"fieldtype": "Column Break",
				"insert_after": "campaign_end",
				"permlevel": BUSINESS_PERMLEVEL,
			},
			{
				"fieldname": "preferred_forms",
				"fieldtype": "Small Text",
				"label": "Preferred Advertising Forms",
				"insert_after": "agency_business_needs_column",
				"permlevel": BUSINESS_PERMLEVEL,
			},
			{
				"fieldname": "target_audience",
				"fieldtype": "Small Text",
				"label": "Target Audience",
				"insert_after": "preferred_forms",
				"permlevel": BUSINESS_PERMLEVEL,
			},
		],
		"Quotation": [
			{
				"fieldname": "client_work_order",
				"fieldtype": "Link",
				"label": "Work Order",
				"options": "Client Work Order",
				"insert_after": "party_name",
				"search_index": 1,
				"description": "The work order this estimate (估价单) prices; the client confirms it on the portal",
			},
			*signoff_fields("terms"),
		],
		"Contract": [
			{
				"fieldname": "customer",
				"fieldtype": "Link",
				"label": "Client",
				"options": "Customer",
				"insert_after": "party_name",
				"read_only": 1,
				"search_index": 1,
				"description": "Set from the party when the party is a client",
			},
			{
				"fieldname": "version_no",
				"fieldtype": "Int",
				"label": "Contract Version",
				"insert_after": "customer",
				"default": "1",
				"read_only": 1,
				"no_copy": 1,
				"in_list_view": 1,
			},
			{
				"fieldname": "previous_version",
				"fieldtype": "Link",
				"label": "Replaces Version",
				"options": "Contract",
				"insert_after": "version_no",
				"read_only": 1,
				"no_copy": 1,
			},
			{
				"fieldname": "superseded_by",
				"fieldtype": "Link",
				"label": "Superseded By",
				"options": "Contract",
				"insert_after": "previous_version",
				"read_only": 1,
				"no_copy": 1,
				"allow_on_submit": 1,
			},
			{
				"fieldname": "expiry_reminded_on",
				"fieldtype": "Date",
				"label": "Expiry Reminder Sent On",
				"insert_after": "end_date",
				"read_only": 1,
				"no_copy": 1,
				"allow_on_submit": 1,
			},
			*signoff_fields("fulfilment_terms"),
		],
		"Contract Fulfilment Checklist": [
			{
				"fieldname": "due_date",
				"fieldtype": "Date",
				"label": "Due Date",
				"insert_after": "requirement",
				"in_list_view": 1,
			},
			{
				"fieldname": "overdue_reminded_on",
				"fieldtype": "Date",
				"label": "Overdue Reminder Sent On",
				"insert_after": "notes",
				"read_only": 1,
				"no_copy": 1,
				"allow_on_submit": 1,
			},
			{
				"fieldname": "escalated_on",
				"fieldtype": "Date",
				"label": "Escalated On",
				"insert_after": "overdue_reminded_on",
				"read_only": 1,
				"no_copy": 1,
				"allow_on_submit": 1,
			},
		],
		"Contact": [
			{
				"fieldname": "agency_client_relation_section",
				"fieldtype": "Section Break",
				"label": "Client Relationship",
				"insert_after": "unsubscribed",
				"collapsible": 0,
			},
			{
				"fieldname": "client_role",
				"fieldtype": "Select",
				"label": "Role in Client",
				"options": "\n".join(CLIENT_ROLES),
				"insert_after": "agency_client_relation_section",
				"in_standard_filter": 1,
			},
			{
				"fieldname": "communication_preference",
				"fieldtype": "Select",
				"label": "Communication Preference",
				"options": "\n".join(COMMUNICATION_PREFERENCES),
				"insert_after": "client_role",
			},
			{
				"fieldname": "greeting_opt_out",
				"fieldtype": "Check",
				"label": "No Greetings",
				"insert_after": "communication_preference",
				"description": "Do not send this contact birthday or holiday greetings",
			},
			{
				"fieldname": "agency_birthday_column",
				"fieldtype": "Column Break",
				"insert_after": "greeting_opt_out",
			},
			{
				"fieldname": "birthday_month",
				"fieldtype": "Int",
				"label": "Birthday Month",
				"insert_after": "agency_birthday_column",
				"description": "1–12; the year is not recorded",
			},
			{
				"fieldname": "birthday_day",
				"fieldtype": "Int",
				"label": "Birthday Day",
				"insert_after": "birthday_month",
			},
			{
				"fieldname": "agency_private_notes_section",
				"fieldtype": "Section Break",
				"label": "Private Notes",
				"insert_after": "birthday_day",
				"permlevel": PRIVATE_NOTES_PERMLEVEL,
			},
			{
				"fieldname": "private_notes",
				"fieldtype": "Text Editor",
				"label": "Private Notes",
				"insert_after": "agency_private_notes_section",
				"permlevel": PRIVATE_NOTES_PERMLEVEL,
				"description": "Visible to the account team only. Record only what the relationship needs.",
			},
		],
	}


def sync_custom_fields():
	create_custom_fields(get_custom_fields(), ignore_validate=True, update=True)
