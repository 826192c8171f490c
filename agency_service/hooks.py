from agency_service.roles import ALL_ROLES as _ALL_ROLES

app_name = "agency_service"
app_title = "Agency Service"
app_publisher = "agency_service developers"
app_description = "Client service for advertising and media agencies on ERPNext"
app_email = "dev@agency-service.localhost"
app_license = "mit"
app_logo_url = "/assets/erpnext/images/erpnext-logo.svg"

required_apps = ["erpnext"]

# Installation
# ------------
after_install = "agency_service.setup.install.after_install"
after_migrate = "agency_service.setup.install.after_migrate"
before_uninstall = "agency_service.setup.uninstall.before_uninstall"

# Tests
# -----
before_tests = "agency_service.setup.install.before_tests"

# Fixtures: only the roles this app ships
# ---------------------------------------
fixtures = [{"dt": "Role", "filters": [["role_name", "in", list(_ALL_ROLES)]]}]

# Document events on host doctypes
# --------------------------------
doc_events = {
	"*": {
		"validate": "agency_service.signoff.events.guard_document",
		"on_trash": "agency_service.signoff.events.guard_document_deletion",
	},
	"Customer": {
		"validate": [
			"agency_service.clients.profile.validate_customer",
			"agency_service.scorecard.customer_events.guard_customer_tier",
			"agency_service.compliance.credit.guard_credit_fields",
		],
		"on_update": "agency_service.scorecard.customer_events.record_customer_tier_change",
	},
	"Contact": {
		"validate": "agency_service.clients.profile.validate_contact",
	},
	"Contract": {
		"validate": [
			"agency_service.clients.archive.set_contract_client",
			"agency_service.compliance.contracts.validate_contract",
			"agency_service.compliance.credit.guard_new_contract",
		],
		"before_save": "agency_service.signoff.host.reopen_if_changed",
		"before_submit": "agency_service.compliance.contracts.before_submit",
		"before_update_after_submit": "agency_service.compliance.contracts.before_update_after_submit",
		"on_submit": "agency_service.compliance.contracts.on_submit",
		"before_signoff": "agency_service.compliance.contracts.before_signoff",
		"default_signoff_purpose": "agency_service.compliance.contracts.default_signoff_purpose",
	},
	"Quotation": {
		# an estimate (估价单) of a work order: its client's, never of nothing
		"validate": "agency_service.delivery.estimates.validate_estimate",
		"before_save": "agency_service.signoff.host.reopen_if_changed",
		"before_submit": [
			"agency_service.signoff.host.require_signoff",
			"agency_service.delivery.estimates.check_estimate_total",
		],
	},
	"Project": {
		"on_update": "agency_service.surveys.invitations.on_project_update",
	},
	"ToDo": {
		"on_update": "agency_service.visits.events.sync_action_item_from_todo",
	},
}

# Who sees which complaint: a client's portal users see their own company's only
# ------------------------------------------------------------------------------
permission_query_conditions = {
	"Client Complaint": "agency_service.complaints.access.permission_query_conditions",
	"Brand File": "agency_service.clients.access.brand_file_query_conditions",
	"Contact": "agency_service.clients.access.contact_query_conditions",
	"File": "agency_service.clients.access.file_query_conditions",
}
has_permission = {
	"Client Complaint": "agency_service.complaints.access.has_permission",
	"Brand File": "agency_service.clients.access.brand_file_has_permission",
	"File": "agency_service.clients.access.file_has_permission",
}

# The client archive: a client's contacts' private notes are its account team's (agency_service.clients.access)
# ------------------------------------------------------------------------------------------------------
override_doctype_class = {
	"Contact": "agency_service.clients.contact.AgencyContact",
	"File": "agency_service.clients.access.ArchiveFile",
}

# The Customer's connections gather everything about the client (client archive)
# ------------------------------------------------------------------------------
override_doctype_dashboards = {
	"Customer": "agency_service.clients.archive.customer_dashboard",
	"Contract": "agency_service.compliance.contracts.contract_dashboard",
}

# Every request: bad input is a clear refusal, an outsider never sees a traceback (agency_service.api.guard)
# ----------------------------------------------------------------------------------------------------------
auth_hooks = ["agency_service.api.guard.check_request"]  # the first hook that knows the request's user
after_request = ["agency_service.api.guard.scrub_error_response"]

# Scheduled jobs
# --------------
scheduler_events = {
	"cron": {
		"*/5 * * * *": ["agency_service.complaints.escalation.escalation_job"],
	},
	"hourly": [
		"agency_service.signoff.overdue.remind_overdue_steps_job",
		"agency_service.visits.minutes.flag_late_minutes_job",
	],
	"daily": [
		"agency_service.reporting.reminders.remind_missing_reports_job",
		"agency_service.agency_service.doctype.improvement_action.improvement_action.remind_overdue_actions_job",
	],
	"daily_long": [
		"agency_service.visits.planner.plan_due_visits_job",
		"agency_service.care.reminders.send_care_reminders_job",
		"agency_service.surveys.invitations.expire_invitations_job",
		"agency_service.surveys.invitations.send_due_invitations_job",
		"agency_service.receivables.watch.watch_receivables_job",
		"agency_service.clients.reviews.remind_brand_file_reviews_job",
		"agency_service.clients.handover.end_stand_ins_job",
		"agency_service.health.daily.compute_health_job",
		"agency_service.compliance.fulfilment.watch_contracts_job",
		"agency_service.compliance.credit.schedule_credit_reviews_job",
		"agency_service.delivery.progress_reports.send_due_reports_job",
	],
	"monthly_long": [
		"agency_service.scorecard.recompute.recompute_scorecards_job",
	],
}

# The library of success cases is searched from the awesome bar (Frappe's global search)
# ------------------------------------------------------------------------------------
global_search_doctypes = {"Default": [{"doctype": "Success Case"}]}

# The public survey page (/client-survey)
# ---------------------------------------
page_renderer = ["agency_service.surveys.page.SurveyPageRenderer"]

# The client portal: /complaints, /complaints/<name>, /work and /work/<name>
# -------------------------------------------------------------------------
standard_portal_menu_items = [
	{
		"title": "Complaints",
		"route": "/complaints",
		"reference_doctype": "Client Complaint",
		"role": "Customer",
	},
	{"title": "Our Work", "route": "/work", "reference_doctype": "Client Work Order", "role": "Customer"},
]
website_route_rules = [
	{"from_route": "/complaints/<name>", "to_route": "complaints/complaint"},
	{"from_route": "/work/<name>", "to_route": "work/order"},
]

# Desk assets: the sign-off panel shown on every signable form (a bundle); the filters the reports share
# (a plain file: served as it is, no build)
# -----------------------------------------------------------------------------------------------------
app_include_js = [
	"signoff.bundle.js",
	"/assets/agency_service/js/report_filters.js",
	"/assets/agency_service/js/desk_queries.js",
]
# what the client portal's pages share (posting a form with the session's CSRF token, errors shown)
web_include_js = ["/assets/agency_service/js/portal.js"]

# Desk form scripts on host doctypes
# ----------------------------------
doctype_js = {
	"Customer": [
		"public/js/customer.js",
		"public/js/customer_surveys.js",
		"public/js/customer_scorecard.js",
		"public/js/customer_health.js",
	],
	"Contract": ["public/js/host_signoff.js", "public/js/contract.js"],
	"Quotation": ["public/js/host_signoff.js"],
}

# Dotted paths of whitelisted methods before the package layout (REST clients and bookmarks keep working)
# -------------------------------------------------------------------------------------------------
override_whitelisted_methods = {
	"agency_service.signoff.sign_document": "agency_service.api.signoff.sign_document",
	"agency_service.signoff.get_signoff_state": "agency_service.api.signoff.get_signoff_state",
	"agency_service.signoff.cancel_signoff": "agency_service.api.signoff.cancel_signoff",
	"agency_service.signoff.reassign_signoff_line": "agency_service.api.signoff.reassign_signoff_line",
	"agency_service.scorecard.request_tier_change": "agency_service.api.scorecard.request_tier_change",
	"agency_service.scorecard.start_recompute": "agency_service.api.scorecard.start_recompute",
	"agency_service.scorecard.get_client_scorecard": "agency_service.api.scorecard.get_client_scorecard",
	"agency_service.visits.plan_visit": "agency_service.api.visits.plan_visit",
	"agency_service.visits.reschedule_visit": "agency_service.api.visits.reschedule_visit",
	"agency_service.visits.get_preparation_facts": "agency_service.api.visits.get_preparation_facts",
	"agency_service.visits.get_visit_calendar_events": "agency_service.api.visits.get_visit_calendar_events",
	"agency_service.receivables.set_client_credit": "agency_service.api.receivables.set_client_credit",
	"agency_service.complaint_metrics.deadlines_at_risk_card": "agency_service.api.complaints.deadlines_at_risk_card",
}

# Commands (bench --site SITE agency-make-demo)
# ---------------------------------------------
# discovered through agency_service.commands.commands
