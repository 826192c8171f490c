"""Brief intake (简报, 000 ch.2 需求收集与整理, 003 AE handbook): the client's requirement list — each
requirement with its priority and the agency's notes on feasibility, cost and effect — and the creative
or media brief it belongs to.

The lead-time rule lives here, once: the work order's deadline and a brief's due date both read it
(003: 媒介部 … 重大策划至少需要两周时间)."""

import frappe
from frappe import _
from frappe.utils import date_diff, now_datetime

from agency_service.guard import controlled_change

BRIEF = "Client Brief"
REQUIREMENT = "Client Brief Requirement"
PRIORITIES = ("Must", "Should", "Could")
CREATIVE_BRIEF, MEDIA_BRIEF = "Creative Brief", "Media Brief"
# days between the brief and the due date, per work-order type (a media plan needs two weeks)
LEAD_DAYS = {"Media Plan": 14}
MAX_REQUIREMENT = 1000
MAX_REQUIREMENTS = 50


class BriefError(frappe.ValidationError):
	pass


class LeadTimeError(BriefError):
	pass


def lead_days(work_order_type: str | None) -> int:
	return LEAD_DAYS.get(work_order_type or "", 0)


def lead_type_of_brief(brief_type: str, work_order_type: str | None) -> str | None:
	"""The work-order type whose lead time a brief needs: a media brief is briefed like a media plan."""
	return "Media Plan" if brief_type == MEDIA_BRIEF else work_order_type


def check_lead_time(work_order_type: str | None, briefed_on, due, exc=LeadTimeError):
	"""Throw ``exc`` when ``due`` leaves less than the type's lead time after ``briefed_on``."""
	days = lead_days(work_order_type)
	if days and due and date_diff(due, briefed_on) < days:
		frappe.throw(
			_("A {0} needs at least {1} days between the brief and the deadline.").format(
				_(work_order_type), days
			),
			title=_("Lead Time"),
			exc=exc,
		)


def check_requirement(text, priority, row: int):
	"""One requirement of the list: some text, not too long, and one of the priorities."""
	if not isinstance(text, str) or not text.strip():
		throw(_("Requirement {0}: write what the client needs.").format(row))
	if len(text) > MAX_REQUIREMENT:
		throw(_("Requirement {0} is too long: at most {1} characters.").format(row, MAX_REQUIREMENT))
	if priority not in PRIORITIES:
		throw(
			_("Requirement {0}: the priority is one of {1}.").format(row, ", ".join(_(p) for p in PRIORITIES))
		)


def brief_of(work_order: str) -> str | None:
	"""The work order's brief the client adds its requirements to: the latest one."""
	return frappe.db.get_value(BRIEF, {"work_order": work_order}, "name", order_by="creation desc")


def add_client_requirements(brief_name: str, requirements: list) -> int:
	"""Append the client's requirement list to the brief as stored (the brief's row locked first), each
	row stamped with the client's user; returns how many were added. Every row is checked before any is
	stored: one bad row stores nothing."""
	if not isinstance(requirements, list) or not requirements:
		throw(_("Add at least one requirement."))
	if len(requirements) > MAX_REQUIREMENTS:
		throw(_("Send at most {0} requirements at a time.").format(MAX_REQUIREMENTS))
	rows = []
	for idx, row in enumerate(requirements, start=1):
		if not isinstance(row, dict):
			throw(_("Requirement {0}: write what the client needs.").format(idx))
		check_requirement(row.get("requirement"), row.get("priority"), idx)
		rows.append({"requirement": row["requirement"].strip(), "priority": row["priority"]})
	brief = frappe.get_doc(BRIEF, brief_name, for_update=True)
	user = frappe.session.user
	for row in rows:
		brief.append("requirements", {**row, "from_client": 1, "submitted_by": user})
	brief.requirements_submitted_by, brief.requirements_submitted_at = user, now_datetime()
	with controlled_change():  # the client's stamps, set here and nowhere else
		brief.save(ignore_permissions=True)  # the caller checked the user's access to the work order
	brief.add_comment("Info", _("{0} requirements submitted by the client ({1}).").format(len(rows), user))
	return len(rows)


def throw(message):
	frappe.throw(message, title=_("Brief"), exc=BriefError)
