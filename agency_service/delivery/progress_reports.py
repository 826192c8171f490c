"""Progress reports to the client (DESIGN §12): on the schedule the account manager sets on a work order
(weekly, fortnightly, monthly, from a next date), the client's contacts get an email saying what was done
since the last report, what is next and what awaits them, with a link to the work order on the portal.
Each report sent is recorded (a Work Order Progress Report: the account team sees it in the desk, the
client on /work/<name>).

The daily job composes the reports of every due work order at once — a fixed number of queries however
many are due — and keeps all of its work in one transaction: a second run the same day finds the
schedules moved on and the day's reports recorded (one per work order and day, a unique key), and sends
nothing."""

import json

import frappe
from frappe import _
from frappe.utils import (
	add_days,
	add_months,
	escape_html,
	format_date,
	get_url,
	getdate,
	nowdate,
)

from agency_service.bulk import bulk_insert_rows, reserve_series_names
from agency_service.delivery.confirmations import PROPOSAL_FIELDS, pending_items_of
from agency_service.delivery.plan import IN_DELIVERY_STATUSES
from agency_service.job_lock import runs_alone
from agency_service.notify import send_in_batches
from agency_service.surveys.invitations import outgoing_email_ready, reachable_contacts
from agency_service.surveys.links import in_language, survey_language

REPORT = "Work Order Progress Report"
WORK_ORDER = "Client Work Order"
ON_SCHEDULE, BY_HAND = "On Schedule", "By Hand"
FREQUENCY_DAYS = {"Weekly": 7, "Fortnightly": 14}  # Monthly: a calendar month
ORDER_FIELDS = [
	"name",
	"customer",
	"status",
	"project",
	"report_frequency",
	"next_report_on",
	"last_report_on",
	*PROPOSAL_FIELDS,
]
QUEUED, SENT = "Queued", "Sent"
SEND_BATCH_SIZE = 200
NEXT_TASKS = 10  # open tasks listed under "what is next"; the rest are counted


class ProgressReportError(frappe.ValidationError):
	pass


def throw(message: str):
	frappe.throw(message, title=_("Progress Report"), exc=ProgressReportError)


# --- the schedule ---------------------------------------------------------------------------------


def following_date(frequency: str, after, today) -> str:
	"""The first report date of the schedule after ``after`` that is later than ``today``."""
	date, today = getdate(after), getdate(today)
	while date <= today:
		days = FREQUENCY_DAYS.get(frequency)
		date = getdate(add_days(date, days) if days else add_months(date, 1))
	return str(date)


def due_work_orders(today) -> list[frappe._dict]:
	return frappe.get_all(
		WORK_ORDER,
		filters={
			"report_frequency": ("is", "set"),
			"next_report_on": ("<=", getdate(today)),
			"status": ("in", IN_DELIVERY_STATUSES),
		},
		fields=ORDER_FIELDS,
		order_by="next_report_on, name",
		ignore_permissions=True,
	)


# --- the job --------------------------------------------------------------------------------------


@runs_alone
def send_due_reports_job():
	send_due_reports()


def send_due_reports(today=None, send_inline: bool = False) -> list[str]:
	"""Daily: a report for every work order whose next report date has come, recorded, its emails queued
	in batches; returns the reports."""
	today = str(getdate(today or nowdate()))
	orders = due_work_orders(today)
	if not orders:
		return []
	if not outgoing_email_ready():
		# they stay due: the next run sends them once an outgoing account exists
		frappe.log_error(title=_("Progress reports not sent"), message=no_outgoing_email())
		return []
	sent_today = set(
		frappe.get_all(
			REPORT,
			filters={"period_key": ("in", [period_key(o.name, today) for o in orders])},
			pluck="work_order",
			ignore_permissions=True,
		)
	)
	reports = compose([o for o in orders if o.name not in sent_today], today, ON_SCHEDULE)
	names = record(reports)
	advance_schedules([o for o in orders if o.name in sent_today or o.name in reports], today)
	queue_emails(queued_reports(), send_inline)  # today's, and any an earlier run could not send
	return names


def advance_schedules(orders: list, today: str):
	"""Move each order's next report date past today, in one update per new date (set-based)."""
	by_date: dict[str, list[str]] = {}
	for order in orders:
		by_date.setdefault(following_date(order.report_frequency, order.next_report_on, today), []).append(
			order.name
		)
	table = frappe.qb.DocType(WORK_ORDER)
	for date, names in by_date.items():
		(
			frappe.qb.update(table)
			.set(table.next_report_on, date)
			.set(table.last_report_on, today)
			.where(table.name.isin(names))
		).run()


def send_now(work_order) -> str:
	"""A report sent from the desk outside the schedule (at most one per work order and day)."""
	today = nowdate()
	if work_order.status not in IN_DELIVERY_STATUSES:
		throw(
			_("Progress reports are sent while the work is in delivery, not while it is {0}.").format(
				frappe.bold(_(work_order.status))
			)
		)
	if not outgoing_email_ready():
		throw(no_outgoing_email())
	if frappe.db.exists(REPORT, {"period_key": period_key(work_order.name, today)}):
		throw(_("A progress report of {0} was sent today already.").format(frappe.bold(work_order.name)))
	order = frappe._dict({field: work_order.get(field) for field in ORDER_FIELDS})
	reports = compose([order], today, BY_HAND)
	if not reports:
		throw(
			_("{0} has no contact with an email address to send the report to.").format(
				frappe.bold(work_order.customer)
			)
		)
	[name] = record(reports)
	send_emails([name])
	if order.report_frequency and order.next_report_on and getdate(order.next_report_on) <= getdate(today):
		advance_schedules([order], today)  # the report that was due has gone
	else:
		frappe.db.set_value(WORK_ORDER, order.name, "last_report_on", today, update_modified=False)
	return name


def no_outgoing_email() -> str:
	return _("Progress reports are sent by email: set up a default outgoing Email Account first.")


def period_key(work_order: str, date) -> str:
	return f"{work_order}/{getdate(date)}"


# --- composing ------------------------------------------------------------------------------------


def compose(orders: list, today: str, trigger: str) -> dict[str, frappe._dict]:
	"""The report of each order that has someone to send it to, keyed by work order: its three parts
	(in the language of its first recipient, as recorded) and its emails (one per language)."""
	recipients = recipients_of({o.customer for o in orders})
	orders = [o for o in orders if recipients.get(o.customer)]
	if not orders:
		return {}
	customer_names = dict(
		frappe.get_all(
			"Customer",
			filters={"name": ("in", list({o.customer for o in orders}))},
			fields=["name", "customer_name"],
			as_list=1,
		)
	)
	tasks = tasks_of(orders)
	awaiting = pending_items_of(orders)
	agency = frappe.defaults.get_global_default("company") or ""
	reports, wordings = {}, {}
	for order in orders:
		order.customer_name = customer_names.get(order.customer)
		done, upcoming = tasks.get(order.project, ([], []))
		since = order.last_report_on
		done = [t for t in done if not since or getdate(t.done_on) > getdate(since)]
		by_language: dict[str, list[str]] = {}
		for contact in recipients[order.customer]:
			by_language.setdefault(contact.language, []).append(contact.email_id)
		parts, emails = {}, []
		for language, emails_to in by_language.items():
			with in_language(language):
				words = wordings.get(language) or wordings.setdefault(language, Wording())
				texts = report_texts(done, upcoming, awaiting[order.name], words)
				subject = _("Progress report: {0} ({1})").format(order.title, words.date(today))
				message = frappe.render_template(
					"agency_service/templates/emails/progress_report.html",
					{
						"order": order,
						"since": since,
						"texts": texts,
						"link": get_url(f"/work/{order.name}"),
						"agency": agency,
					},
				)
			parts = parts or {**texts, "language": language}
			emails.append((emails_to, subject, message))
		reports[order.name] = frappe._dict(
			order=order, today=today, trigger=trigger, since=since, parts=parts, emails=emails
		)
	return reports


class Wording:
	"""The report's words in one language, each translated once, and its dates each formatted once: a
	job composing thousands of reports asks for the same few words and dates over and over."""

	def __init__(self):
		self.done = _("{0} (done {1})")
		self.due = _("{0} (due {1})")
		self.more = _("and {0} more tasks")
		self.none_done = _("No task was completed since the last report.")
		self.none_open = _("No open tasks.")
		self.none_awaiting = _("Nothing awaits your confirmation.")
		self.kinds: dict[str, str] = {}
		self.dates: dict = {}

	def kind(self, kind: str) -> str:
		if kind not in self.kinds:
			self.kinds[kind] = _(kind)
		return self.kinds[kind]

	def date(self, value) -> str:
		if value not in self.dates:
			self.dates[value] = format_date(value)
		return self.dates[value]


def report_texts(done: list, upcoming: list, awaiting: list, words: Wording | None = None) -> dict[str, str]:
	"""The three parts of a report as HTML lists, in the current language."""
	words = words or Wording()

	def listing(lines: list[str], empty: str) -> str:
		if not lines:
			return f"<p>{escape_html(empty)}</p>"
		return "<ul>" + "".join(f"<li>{escape_html(line)}</li>" for line in lines) + "</ul>"

	next_lines = [
		words.due.format(t.subject, words.date(t.exp_end_date)) if t.exp_end_date else t.subject
		for t in upcoming[:NEXT_TASKS]
	]
	if len(upcoming) > NEXT_TASKS:
		next_lines.append(words.more.format(len(upcoming) - NEXT_TASKS))
	return {
		"work_done": listing(
			[words.done.format(t.subject, words.date(t.done_on)) for t in done], words.none_done
		),
		"work_next": listing(next_lines, words.none_open),
		"awaiting_client": listing(
			[f"{words.kind(i.kind)}: {i.subject}" for i in awaiting], words.none_awaiting
		),
	}


def tasks_of(orders: list) -> dict[str, tuple[list, list]]:
	"""Per project: its completed tasks (with the day they were done) and its open tasks by due date —
	one query for all the orders' projects."""
	projects = list({o.project for o in orders if o.project})
	if not projects:
		return {}
	task = frappe.qb.DocType("Task")
	done_on = frappe.qb.functions("COALESCE", task.completed_on, frappe.qb.functions("DATE", task.modified))
	rows = (
		frappe.qb.from_(task)
		.select(task.project, task.subject, task.status, task.exp_end_date, done_on.as_("done_on"))
		.where(task.project.isin(projects) & (task.status != "Cancelled") & (task.is_template == 0))
		.orderby(task.exp_end_date)
		.orderby(task.creation)
		.run(as_dict=True)
	)
	result: dict[str, tuple[list, list]] = {p: ([], []) for p in projects}
	for row in rows:
		done, upcoming = result[row.project]
		(done if row.status == "Completed" else upcoming).append(row)
	return result


def recipients_of(customers: set[str]) -> dict[str, list[frappe._dict]]:
	"""The contacts of each client with an email address who have not unsubscribed, each with the
	language they read (their user's, else their company's, else the site's) — one query."""
	if not customers:
		return {}
	query, contact, customer = reachable_contacts()
	rows = (
		query.where(customer.name.isin(list(customers)))
		.orderby(customer.name)
		.orderby(contact.name)
		.run(as_dict=True)
	)
	site_language = frappe.db.get_single_value("System Settings", "language")
	result: dict[str, list] = {}
	for row in rows:
		row.language = survey_language(row.user_language, row.customer_language, site_language)
		known = result.setdefault(row.customer, [])
		if row.email_id not in {r.email_id for r in known}:
			known.append(row)
	return result


# --- recording and sending ------------------------------------------------------------------------


def record(reports: dict[str, frappe._dict]) -> list[str]:
	"""Record each report as composed, its emails with it, queued (bulk insert: a record, never edited)."""
	if not reports:
		return []
	names = reserve_series_names(frappe.get_meta(REPORT).autoname, len(reports))
	user = frappe.session.user
	rows = []
	for name, report in zip(names, reports.values(), strict=True):
		order = report.order
		rows.append(
			{
				"name": name,
				"work_order": order.name,
				"customer": order.customer,
				"title": (order.title or order.name)[:140],
				"report_date": report.today,
				"period_from": report.since,
				"trigger": report.trigger,
				"language": report.parts["language"],
				"sent_by": user,
				"sent_to": ", ".join(e for emails_to, _s, _m in report.emails for e in emails_to),
				"period_key": period_key(order.name, report.today),
				"email_status": QUEUED,
				"emails": json.dumps(report.emails, ensure_ascii=False),
				"work_done": report.parts["work_done"],
				"work_next": report.parts["work_next"],
				"awaiting_client": report.parts["awaiting_client"],
			}
		)
	bulk_insert_rows(REPORT, rows)
	return names


def queue_emails(names: list[str], send_inline: bool = False):
	"""Hand the reports' emails to the outgoing account in batches on the long queue, once this
	transaction is committed (rendering an email for the outbox takes tens of milliseconds)."""
	send_in_batches(
		"agency_service.delivery.progress_reports.send_emails", names, SEND_BATCH_SIZE, send_inline
	)


def send_emails(names: list[str]):
	"""Queue the emails of the reports that are still queued (a report is emailed once: its row is locked
	and its state checked first, so two batches with the same report send it once)."""
	if not outgoing_email_ready():
		frappe.log_error(title=_("Progress reports not sent"), message=no_outgoing_email())
		return
	table = frappe.qb.DocType(REPORT)
	for name in names:
		row = (
			frappe.qb.from_(table)
			.select(table.email_status, table.emails)
			.where(table.name == name)
			.for_update()
			.run(as_dict=True)
		)
		if not row or row[0].email_status != QUEUED:
			continue
		for emails_to, subject, message in json.loads(row[0].emails or "[]"):
			frappe.sendmail(
				recipients=emails_to,
				subject=subject,
				message=message,
				reference_doctype=REPORT,
				reference_name=name,
				delayed=True,
			)
		frappe.qb.update(table).set(table.email_status, SENT).where(table.name == name).run()


def queued_reports() -> list[str]:
	return frappe.get_all(
		REPORT, filters={"email_status": QUEUED}, pluck="name", order_by="creation", ignore_permissions=True
	)
