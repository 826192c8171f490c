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
after_install = "agency_service.install.after_install"
after_migrate = "agency_service.install.after_migrate"
before_uninstall = "agency_service.install.before_uninstall"

# Tests
# -----
before_tests = "agency_service.install.before_tests"

# Fixtures: only the roles this app ships
# ---------------------------------------
fixtures = [{"dt": "Role", "filters": [["role_name", "in", list(_ALL_ROLES)]]}]

# Document events on host doctypes
# --------------------------------
doc_events = {
	"*": {
		"validate": "agency_service.signoff.guard_document",
		"on_trash": "agency_service.signoff.guard_document_deletion",
	},
	"Customer": {
		"validate": [
			"agency_service.client_profile.validate_customer",
			"agency_service.scorecard.guard_customer_tier",
		],
		"on_update": "agency_service.scorecard.record_customer_tier_change",
	},
	"Contact": {
		"validate": "agency_service.client_profile.validate_contact",
	},
	"Project": {
		"on_update": "agency_service.surveys.on_project_update",
	},
	"ToDo": {
		"on_update": "agency_service.visits.sync_action_item_from_todo",
	},
}

# Who sees which complaint: a client's portal users see their own company's only
# ------------------------------------------------------------------------------
permission_query_conditions = {
	"Client Complaint": "agency_service.complaints.permission_query_conditions",
}
has_permission = {
	"Client Complaint": "agency_service.complaints.has_permission",
}

# Scheduled jobs
# --------------
scheduler_events = {
	"cron": {
		"*/5 * * * *": ["agency_service.complaints.escalation_job"],
	},
	"hourly": [
		"agency_service.signoff.remind_overdue_steps_job",
		"agency_service.visits.flag_late_minutes_job",
	],
	"daily_long": [
		"agency_service.visits.plan_due_visits_job",
		"agency_service.care.send_care_reminders_job",
		"agency_service.surveys.expire_invitations_job",
		"agency_service.surveys.send_due_invitations_job",
		"agency_service.receivables.watch_receivables_job",
	],
	"monthly_long": [
		"agency_service.scorecard.recompute_scorecards_job",
	],
}

# The public survey page (/client-survey)
# ---------------------------------------
page_renderer = ["agency_service.survey_page.SurveyPageRenderer"]

# The client portal: /complaints and /complaints/<name>
# ------------------------------------------------------
standard_portal_menu_items = [
	{
		"title": "Complaints",
		"route": "/complaints",
		"reference_doctype": "Client Complaint",
		"role": "Customer",
	},
]
website_route_rules = [
	{"from_route": "/complaints/<name>", "to_route": "complaints/complaint"},
]

# Desk assets: the sign-off panel shown on every signable form
# ------------------------------------------------------------
app_include_js = "signoff.bundle.js"

# Desk form scripts on host doctypes
# ----------------------------------
doctype_js = {
	"Customer": ["public/js/customer.js", "public/js/customer_surveys.js", "public/js/customer_scorecard.js"],
}

# Commands (bench --site SITE agency-make-demo)
# ---------------------------------------------
# discovered through agency_service.commands.commands
