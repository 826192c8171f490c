"""The roles this app ships (as fixtures), the groups of them that permissions are given to, and who
holds a role."""

import frappe
from frappe.query_builder import DocType

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


def users_with_role(role: str) -> list[str]:
	"""The enabled staff users (System Users, not Administrator) who hold ``role``."""
	user, has_role = DocType("User"), DocType("Has Role")
	return (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name)
		.distinct()
		.where((has_role.role == role) & (user.enabled == 1) & (user.user_type == "System User"))
		.where(user.name.notin(["Administrator", "Guest"]))
		.run(pluck=True)
	)
