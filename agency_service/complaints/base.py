"""What every part of the complaint engine shares: the statuses, severities, escalation levels and the one way it refuses."""

import frappe
from frappe import _

DOCTYPE = "Client Complaint"
SEVERITIES = ("Critical", "High", "Medium", "Low")
CRITICAL = "Critical"
HOLD_STATUSES = ("Waiting on Client", "Solution Proposed")
FULFILLED_STATUSES = ("Resolved", "Closed")
OPEN_STATUSES = (
	"Registered",
	"Acknowledged",
	"Investigating",
	"Solution in Approval",
	"Client Agreed",
	"Executing",
)
WARNING, DIRECTOR, MANAGEMENT = "Deadline Warning", "Account Director", "Agency Management"
RESPONSE, RESOLUTION, CRITICAL_COMPLAINT = "First Response", "Resolution", "Critical Complaint"
ESCALATION_FLAGS = (
	"response_warned",
	"resolution_warned",
	"response_escalated",
	"resolution_escalated",
	"management_escalated",
)
DEFAULT_CATEGORIES = (
	("Service Quality", "Attitude, responsiveness and communication of the account team."),
	("Creative and Production Quality", "Creative work, production and delivered materials."),
	("Price", "Quotes, fees, invoices and compensation."),
	("Contract Performance", "Deadlines, scope and terms of the contract."),
	("Other", "Anything else."),
)
DEFAULT_HOLIDAY_LIST = "Agency Complaint Holidays"


class ComplaintError(frappe.ValidationError):
	pass


def throw(message, exc=ComplaintError):
	frappe.throw(message, title=_("Client Complaint"), exc=exc)
