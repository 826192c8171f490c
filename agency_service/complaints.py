"""Client complaints (客户投诉): deadlines, escalation and who may see what.

Deadlines
---------
First-response and resolution deadlines come from ERPNext's Service Level Agreement engine, which can
target any doctype with a ``status`` field. Each Client Tier gets one agreement for Client Complaint
(``SLA-Client Complaint-<tier>``) whose priorities are the four severities with the tier's
response/resolution hours; the agreements take their working hours and holiday list from Complaint
Settings. The tier master stays the one place where the hours are kept: ``sync_tier_agreement``
rewrites the agreement whenever a tier or the settings change. On every save ``apply_deadlines`` hands
the complaint and its tier's agreement to ERPNext's ``process_sla``, which does what it does for an
Issue: business-hours deadlines that skip holidays, the clock paused while the complaint waits on the
client (``HOLD_STATUSES``), first response and resolution recorded (``FULFILLED_STATUSES``), hold time
added back on resume and on reopen.

The agreement is picked by the complaint's tier rather than by ERPNext's generic matcher: that matcher
evaluates every agreement's Python condition (a RestrictedPython compile each) on every save, which
made saving a complaint twice as slow as saving an Issue. The agreements are therefore kept disabled —
"disabled" only hides them from that matcher — and remain the place to read the deadlines in the desk.

ERPNext keeps the severity in its ``priority`` field (a link to Issue Priority); the agreement fields
are custom fields shaped exactly as ERPNext's ``get_service_level_agreement_fields`` makes them, with
the label "Severity" on ``priority``.

Escalation
----------
On save the complaint stores when 75 % (configurable) of each running deadline will have passed —
computed by the same engine in business hours — and ``next_escalation_at``, the earliest moment
anything is due. ``escalate_due_complaints`` (every five minutes) reads only complaints whose
``next_escalation_at`` has come (an index range), decides each one's escalations in memory, writes
the log rows and flags in bulk and sends one digest per person. Its cost follows the number of
complaints due, not the number open. Levels, each once per complaint and deadline:

* ``Deadline Warning``: 75 % of a deadline passed — assignees, investigator and account manager;
* ``Account Director``: a deadline missed — the client's account director;
* ``Agency Management``: the second missed deadline, or any critical complaint — Agency Management.

Who sees what
-------------
Staff roles read complaints per their role permissions. A website user with the Customer role reads
the complaints of the clients their Contact (or ERPNext's Customer portal-user table) links them to,
and nothing else: ``permission_query_conditions`` filters every list, count and report query and
``has_permission`` every single-document read, file download and comment/communication read.
Internal fields (investigation, escalation) are at permlevel 1, which the Customer role does not have.
"""

from functools import partial

import frappe
from frappe import _
from frappe.custom.doctype.property_setter.property_setter import make_property_setter
from frappe.utils import add_to_date, cint, flt, get_datetime, getdate, now_datetime

from agency_service import notify
from agency_service.client_profile import contact_client_links
from agency_service.job_lock import runs_alone

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


# --- settings and the agreements -------------------------------------------------------------------


def settings():
	return frappe.get_cached_doc("Complaint Settings")


def agreement_name(tier: str) -> str:
	return f"SLA-{DOCTYPE}-{tier}"


# ERPNext's labels that read ambiguously in Chinese ("Resolution By" is translated as a screen resolution)
OWN_LABELS = {"response_by": "First Response Due By", "sla_resolution_by": "Resolution Due By"}


def agreement_fields() -> list[dict]:
	"""ERPNext's own agreement fields, placed at the end of the form; ``priority`` becomes Severity."""
	from erpnext.support.doctype.service_level_agreement.service_level_agreement import (
		get_service_level_agreement_fields,
	)

	fields, last = [], "escalations"
	for field in get_service_level_agreement_fields():
		field = {**field, "insert_after": last}
		if field["fieldname"] == "priority":
			field.update(label="Severity", insert_after="category", reqd=1, in_list_view=1)
			field.update(in_standard_filter=1, search_index=1)
		elif field["fieldname"] == "service_level_section":
			field.update(label="Service Level Agreement", collapsible=1)
			last = field["fieldname"]
		elif field["fieldname"] in OWN_LABELS:
			field.update(label=OWN_LABELS[field["fieldname"]])
			last = field["fieldname"]
		else:
			last = field["fieldname"]
		fields.append(field)
	return fields


def ensure_agreement_fields():
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	create_custom_fields({DOCTYPE: agreement_fields()}, ignore_validate=True, update=True)


def sync_complaint_setup():
	"""Idempotent: categories, settings defaults, severities, agreement fields and one agreement per tier."""
	for name, description in DEFAULT_CATEGORIES:
		if not frappe.db.exists("Complaint Category", name):
			frappe.get_doc(
				{"doctype": "Complaint Category", "category_name": name, "description": description}
			).insert(ignore_permissions=True)
	for severity in SEVERITIES:
		if not frappe.db.exists("Issue Priority", severity):
			frappe.get_doc({"doctype": "Issue Priority", "name": severity}).insert(ignore_permissions=True)
	# severities are ERPNext Issue Priorities: shown in the user's language wherever they are linked
	make_property_setter(
		"Issue Priority",
		None,
		"translated_doctype",
		1,
		"Check",
		for_doctype=True,
		validate_fields_for_doctype=False,
	)
	make_default_settings()
	frappe.db.set_single_value("Support Settings", "track_service_level_agreement", 1)
	ensure_agreement_fields()
	sync_all_agreements()
	from agency_service.signoff import ensure_signoff_fields

	ensure_signoff_fields(DOCTYPE)


def make_default_settings():
	doc = frappe.get_single("Complaint Settings")
	if doc.holiday_list and doc.working_hours:
		return
	if not doc.holiday_list:
		doc.holiday_list = default_holiday_list()
	if not doc.working_hours:
		for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
			doc.append("working_hours", {"workday": day, "start_time": "09:00:00", "end_time": "18:00:00"})
	doc.flags.ignore_permissions = True
	doc.flags.skip_agreement_sync = True
	doc.save()


def default_holiday_list() -> str:
	company = frappe.defaults.get_global_default("company")
	holiday_list = company and frappe.db.get_value("Company", company, "default_holiday_list")
	if holiday_list:
		return holiday_list
	if not frappe.db.exists("Holiday List", DEFAULT_HOLIDAY_LIST):
		year = getdate().year
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": DEFAULT_HOLIDAY_LIST,
				"from_date": f"{year - 1}-01-01",
				"to_date": f"{year + 2}-12-31",
			}
		).insert(ignore_permissions=True)
	return DEFAULT_HOLIDAY_LIST


def sync_tier_agreement(tier):
	"""Create or update the tier's agreement from the tier's deadlines and the complaint settings."""
	config = frappe.get_single("Complaint Settings")
	if not (config.holiday_list and config.working_hours and tier.complaint_deadlines):
		return
	name = agreement_name(tier.name)
	exists = frappe.db.exists("Service Level Agreement", name)
	sla = (
		frappe.get_doc("Service Level Agreement", name)
		if exists
		else frappe.new_doc("Service Level Agreement")
	)
	sla.update(
		{
			"service_level": tier.name,
			"document_type": DOCTYPE,
			"description": _("Complaint deadlines of the {0} tier (kept in sync with the tier).").format(
				tier.name
			),
			# Chosen per complaint by ``apply_deadlines`` (the complaint's tier names its agreement), not
			# by ERPNext's generic matcher, which would evaluate a Python condition of every agreement on
			# every save: kept disabled so that matcher passes over it.
			"enabled": 0,
			"default_service_level_agreement": 0,
			"condition": None,
			"apply_sla_for_resolution": 1,
			"holiday_list": config.holiday_list,
			"default_priority": "Medium",
		}
	)
	sla.set(
		"priorities",
		[
			{
				"priority": row.severity,
				"response_time": round(flt(row.response_hours) * 3600),
				"resolution_time": round(flt(row.resolution_hours) * 3600),
				"default_priority": int(row.severity == "Medium"),
			}
			for row in tier.complaint_deadlines
		],
	)
	sla.set(
		"support_and_resolution",
		[
			{"workday": row.workday, "start_time": row.start_time, "end_time": row.end_time}
			for row in config.working_hours
		],
	)
	sla.set("pause_sla_on", [{"status": status} for status in HOLD_STATUSES])
	sla.set("sla_fulfilled_on", [{"status": status} for status in FULFILLED_STATUSES])
	sla.flags.ignore_permissions = True
	sla.save()
	if not exists:
		# ERPNext resets the agreement fields' labels when an agreement is inserted: put ours back.
		ensure_agreement_fields()


def drop_tier_agreement(tier_name: str):
	name = agreement_name(tier_name)
	if frappe.db.exists("Service Level Agreement", name):
		frappe.delete_doc("Service Level Agreement", name, ignore_permissions=True, force=True)


def sync_all_agreements():
	for tier in frappe.get_all("Client Tier", pluck="name"):
		sync_tier_agreement(frappe.get_doc("Client Tier", tier))


# --- deadlines and the escalation schedule of one complaint ----------------------------------------


def service_level(doc):
	"""The agreement's priority row for the complaint, in the shape ERPNext's deadline function takes."""
	if not doc.get("service_level_agreement") or not doc.get("priority"):
		return None
	sla = frappe.get_cached_doc("Service Level Agreement", doc.service_level_agreement)
	row = next((p for p in sla.priorities if p.priority == doc.priority), None)
	if not row:
		return None
	return frappe._dict(
		response_time=row.response_time,
		resolution_time=row.resolution_time,
		support_and_resolution=sla.support_and_resolution,
		holiday_list=sla.holiday_list,
	)


def warning_time(doc, parameter: str, level, percent: float):
	"""When ``percent`` of the deadline's business time will have passed (hold time added, as ERPNext does)."""
	from erpnext.support.doctype.service_level_agreement.service_level_agreement import (
		get_expected_time_for,
	)

	key = f"{parameter}_time"
	allotted = flt(level.get(key)) * percent / 100
	if allotted <= 0:
		return None
	start = get_datetime(doc.get("service_level_agreement_creation") or doc.creation)
	warn_at = get_expected_time_for(parameter, frappe._dict(level, **{key: allotted}), start)
	return add_to_date(warn_at, seconds=round(flt(doc.get("total_hold_time"))))


def apply_deadlines(doc):
	"""Run ERPNext's agreement engine on the complaint with its tier's agreement (before save)."""
	from erpnext.support.doctype.service_level_agreement.service_level_agreement import (
		process_sla,
		remove_sla_if_applied,
	)

	name = agreement_name(doc.client_tier) if doc.get("client_tier") else None
	if not name or not frappe.db.exists("Service Level Agreement", name, cache=True):
		remove_sla_if_applied(doc)
		return
	process_sla(doc, frappe._dict(name=name, default_priority="Medium", apply_sla_for_resolution=1))


def set_escalation_schedule(doc):
	"""Warning times and ``next_escalation_at`` (called after ERPNext has set the deadlines)."""
	level = service_level(doc)
	percent = flt(settings().warning_percent) or 75
	responded = bool(doc.get("first_responded_on"))
	resolved = doc.status in FULFILLED_STATUSES
	doc.response_warn_at = (
		warning_time(doc, "response", level, percent) if level and doc.response_by and not responded else None
	)
	doc.resolution_warn_at = (
		warning_time(doc, "resolution", level, percent)
		if level and doc.get("sla_resolution_by") and not resolved
		else None
	)
	doc.next_escalation_at = next_escalation_at(doc)


def next_escalation_at(row):
	"""The earliest time the escalation job has anything to do for this complaint, or None.

	One function for both the complaint's save and the job, which passes plain rows.
	"""
	if row.get("status") in FULFILLED_STATUSES:
		return None
	candidates = []
	if row.get("priority") == CRITICAL and not cint(row.get("management_escalated")):
		candidates.append(row.get("received_at") or row.get("creation"))
	if not row.get("first_responded_on") and row.get("response_by"):
		if not cint(row.get("response_warned")) and row.get("response_warn_at"):
			candidates.append(row.get("response_warn_at"))
		elif not cint(row.get("response_escalated")):
			candidates.append(row.get("response_by"))
	if row.get("sla_resolution_by"):
		if not cint(row.get("resolution_warned")) and row.get("resolution_warn_at"):
			candidates.append(row.get("resolution_warn_at"))
		elif not cint(row.get("resolution_escalated")):
			candidates.append(row.get("sla_resolution_by"))
	candidates = [get_datetime(c) for c in candidates if c]
	return min(candidates) if candidates else None


def due_escalations(row, now) -> list[tuple[str, str]]:
	"""The (level, deadline) escalations due for one complaint row at ``now``; updates the row's flags."""
	events = []
	if row.status in FULFILLED_STATUSES:
		return events
	breaches = cint(row.response_breached) + cint(row.resolution_breached)
	if not row.first_responded_on and row.response_by:
		if not cint(row.response_warned) and row.response_warn_at and row.response_warn_at <= now:
			row.response_warned = 1
			events.append((WARNING, RESPONSE))
		if not cint(row.response_escalated) and row.response_by <= now:
			row.response_warned = row.response_escalated = 1
			if not cint(row.response_breached):
				row.response_breached = 1
				breaches += 1
			events.append((DIRECTOR, RESPONSE))
	if row.sla_resolution_by:
		if not cint(row.resolution_warned) and row.resolution_warn_at and row.resolution_warn_at <= now:
			row.resolution_warned = 1
			events.append((WARNING, RESOLUTION))
		if not cint(row.resolution_escalated) and row.sla_resolution_by <= now:
			row.resolution_warned = row.resolution_escalated = 1
			if not cint(row.resolution_breached):
				row.resolution_breached = 1
				breaches += 1
			events.append((DIRECTOR, RESOLUTION))
	if not cint(row.management_escalated):
		if row.priority == CRITICAL:
			row.management_escalated = 1
			events.append((MANAGEMENT, CRITICAL_COMPLAINT))
		elif breaches >= 2:
			row.management_escalated = 1
			events.append((MANAGEMENT, RESOLUTION))
	return events


# --- the escalation job ----------------------------------------------------------------------------

ROW_FIELDS = (
	"name",
	"subject",
	"customer_name",
	"status",
	"priority",
	"received_at",
	"creation",
	"first_responded_on",
	"response_by",
	"sla_resolution_by",
	"response_warn_at",
	"resolution_warn_at",
	"response_breached",
	"resolution_breached",
	"account_manager",
	"account_director",
	"investigator",
	*ESCALATION_FLAGS,
)


def escalate_due_complaints(now=None) -> int:
	"""Scheduled every five minutes: the escalations that have come due, each once. Returns how many."""
	now = get_datetime(now) if now else now_datetime()
	# The query builder, not frappe.get_all: get_all wraps a date column in ifnull(…, '0001-01-01') for
	# "<=", which would match every complaint without a due time and defeat the index.
	complaint = frappe.qb.DocType(DOCTYPE)
	rows = (
		frappe.qb.from_(complaint)
		.select(*(complaint[field] for field in ROW_FIELDS))
		.where(complaint.next_escalation_at <= now)
		.where(complaint.status.notin(FULFILLED_STATUSES))
		.orderby(complaint.next_escalation_at)
		.for_update()  # locked until the job commits: none changes or disappears under the bulk writes
		.run(as_dict=True)
	)
	if not rows:
		return 0
	management = None
	assignees = open_assignees([row.name for row in rows])
	log, updates, digests = [], [], {}
	for row in rows:
		events = due_escalations(row, now)
		updates.append(row)
		for level, deadline in events:
			if level == WARNING:
				users = {*assignees.get(row.name, ()), row.investigator, row.account_manager}
			elif level == DIRECTOR:
				users = {row.account_director or row.account_manager}
			else:
				if management is None:
					from agency_service.signoff import users_with_role

					management = set(users_with_role(MANAGEMENT))
				users = management
			users = sorted(u for u in users if u)
			log.append((row.name, level, deadline, users))
			text = partial(escalation_text, level, deadline, row)  # written only if the digest lists it
			for user in users:
				digests.setdefault(user, []).append((DOCTYPE, row.name, text))
	write_escalations(log, updates, now)
	notify.send_digests(
		digests,
		lambda count: _("{0} complaints need your attention").format(count),
		_("… and {0} more: see the Complaint SLA Compliance report."),
	)
	return len(log)


def escalation_text(level, deadline, row) -> str:
	subject = f"{row.customer_name or ''} · {row.subject or ''}"
	if level == WARNING:
		return _("{0} deadline close: {1}").format(_(deadline), subject)
	if level == DIRECTOR:
		return _("{0} deadline missed: {1}").format(_(deadline), subject)
	if deadline == CRITICAL_COMPLAINT:
		return _("Critical complaint: {0}").format(subject)
	return _("Second missed deadline: {0}").format(subject)


def open_assignees(names: list[str]) -> dict[str, list[str]]:
	found = {}
	for chunk in chunks(names, 1000):
		for todo in frappe.get_all(
			"ToDo",
			filters={"reference_type": DOCTYPE, "reference_name": ("in", chunk), "status": "Open"},
			fields=["reference_name", "allocated_to"],
		):
			found.setdefault(todo.reference_name, []).append(todo.allocated_to)
	return found


def chunks(items, size):
	for start in range(0, len(items), size):
		yield items[start : start + size]


def write_escalations(log, rows, now):
	"""Log rows and flags in bulk; ``modified`` moves on so a form opened earlier cannot overwrite them."""
	last_idx = {}
	for chunk in chunks(sorted({name for name, *_rest in log}), 1000):
		last_idx.update(
			frappe.db.sql(
				"""select parent, max(idx) from `tabClient Complaint Escalation`
				where parent in %(names)s group by parent""",
				{"names": chunk},
			)
		)
	values = []
	for name, level, deadline, users in log:
		last_idx[name] = last_idx.get(name, 0) + 1
		values.append(
			(frappe.generate_hash(length=12), name, last_idx[name], level, deadline, "\n".join(users))
		)
	# one multi-row INSERT per chunk; the columns every row shares are bound once, as session variables
	frappe.db.sql("set @parenttype = %s, @now = %s, @user = 'Administrator'", (DOCTYPE, now))
	fields = "name, parent, idx, level, deadline, notified"
	shared = "parenttype, parentfield, escalated_at, creation, modified, owner, modified_by, docstatus"
	row_sql = "(%s, %s, %s, %s, %s, %s, @parenttype, 'escalations', @now, @now, @now, @user, @user, 0)"
	for chunk in chunks(values, 5000):
		frappe.db.sql(
			f"insert into `tabClient Complaint Escalation` ({fields}, {shared}) values "
			+ ", ".join([row_sql] * len(chunk)),
			[value for row in chunk for value in row],
		)
	staged = [
		(
			row.name,
			*(cint(row.get(flag)) for flag in ESCALATION_FLAGS),
			cint(row.response_breached),
			cint(row.resolution_breached),
			next_escalation_at(row),
		)
		for row in rows
	]
	columns = ("name", *ESCALATION_FLAGS, "response_breached", "resolution_breached", "next_escalation_at")
	assignments = ", ".join(f"{column} = values({column})" for column in columns[1:])
	row_sql = "(" + ", ".join(["%s"] * len(columns)) + ", @now)"
	for chunk in chunks(staged, 5000):
		# every name exists, so this "insert" only ever takes its update branch: one statement per chunk
		frappe.db.sql(
			f"insert into `tabClient Complaint` ({', '.join(columns)}, modified) values "
			+ ", ".join([row_sql] * len(chunk))
			+ f" on duplicate key update {assignments}, modified = values(modified)",
			[value for row in chunk for value in row],
		)


def announce_new_complaint(name: str):
	"""The account manager and director hear of a new complaint (run in the background)."""
	doc = frappe.get_doc(DOCTYPE, name)
	for user in {doc.account_manager, doc.account_director} - {None, ""}:
		notify.alert(user, _("New complaint from {0}: {1}").format(doc.customer_name, doc.subject), doc)


@runs_alone
def escalation_job():
	escalate_due_complaints()


# --- who may see a complaint -----------------------------------------------------------------------


def is_portal_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user in ("Administrator",):
		return False
	return frappe.get_cached_value("User", user, "user_type") != "System User"


def clients_of(user: str | None = None) -> list[str]:
	"""The clients a portal user speaks for: through their Contact's links, and ERPNext's portal users."""
	user = user or frappe.session.user
	if not user or user == "Guest":
		return []
	query, contact, link = contact_client_links()
	via_contact = query.select(link.link_name).where(contact.user == user).run(pluck=True)
	via_portal = frappe.get_all(
		"Portal User",
		filters={"user": user, "parenttype": "Customer"},
		pluck="parent",
		ignore_permissions=True,
	)
	return sorted(set(via_contact) | set(via_portal))


def permission_query_conditions(user=None, doctype=None) -> str:
	"""Every list, count, group-by and report query: a portal user sees their clients' complaints only."""
	user = user or frappe.session.user
	if not is_portal_user(user):
		return ""
	clients = clients_of(user)
	if not clients:
		return "1 = 0"
	values = ", ".join(frappe.db.escape(client) for client in clients)
	return f"`tabClient Complaint`.`customer` in ({values})"


def has_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	user = user or frappe.session.user
	if not is_portal_user(user):
		return None
	if ptype not in ("read", "print"):
		return False
	return bool(doc.get("customer")) and doc.customer in clients_of(user)
