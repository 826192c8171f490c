"""The roles this app ships (as fixtures) and the groups of them that permissions are given to."""

ACCOUNT_EXECUTIVE = "Account Executive"
ACCOUNT_MANAGER = "Account Manager"
ACCOUNT_DIRECTOR = "Account Director"
CLIENT_SERVICE_HEAD = "Client Service Head"
DEPARTMENT_LEAD = "Department Lead"
CREDIT_REVIEWER = "Credit Reviewer"
LEGAL_REVIEWER = "Legal Reviewer"
AGENCY_MANAGEMENT = "Agency Management"

ALL_ROLES = (
	ACCOUNT_EXECUTIVE,
	ACCOUNT_MANAGER,
	ACCOUNT_DIRECTOR,
	CLIENT_SERVICE_HEAD,
	DEPARTMENT_LEAD,
	CREDIT_REVIEWER,
	LEGAL_REVIEWER,
	AGENCY_MANAGEMENT,
)

# The account team: the people who serve a client and may read its private notes.
ACCOUNT_TEAM = (ACCOUNT_EXECUTIVE, ACCOUNT_MANAGER, ACCOUNT_DIRECTOR, CLIENT_SERVICE_HEAD)

# Who may set a client's tier and account team.
TIER_MANAGERS = (ACCOUNT_MANAGER, ACCOUNT_DIRECTOR, CLIENT_SERVICE_HEAD, AGENCY_MANAGEMENT)

# Who may set a client's credit rating.
CREDIT_MANAGERS = (CREDIT_REVIEWER, AGENCY_MANAGEMENT)
