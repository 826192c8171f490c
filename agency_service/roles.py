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

# Who reads which part of the client archive (004 §6.3): each department its own part, plus the Client
# Service Head and Agency Management.
CREDIT_READERS = (CREDIT_REVIEWER, CLIENT_SERVICE_HEAD, AGENCY_MANAGEMENT)
LEGAL_READERS = (LEGAL_REVIEWER, CLIENT_SERVICE_HEAD, AGENCY_MANAGEMENT)
BUSINESS_READERS = (*ACCOUNT_TEAM, AGENCY_MANAGEMENT)
# Contracts: legal reviews them, the account team works with its clients' contracts.
CONTRACT_READERS = (*ACCOUNT_TEAM, LEGAL_REVIEWER, AGENCY_MANAGEMENT)

# Who reads every client's private parts (brand file, competitor data, contact notes); the account team
# reads its own clients' only.
ARCHIVE_KEEPERS = (CLIENT_SERVICE_HEAD, AGENCY_MANAGEMENT, "System Manager")
