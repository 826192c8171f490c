"""The daily care reminders job: birthdays, anniversaries and holidays in the window, one reminder each."""

import datetime

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import cint, escape_html, generate_hash, getdate, nowdate

from agency_service.bulk import bulk_insert_rows
from agency_service.care.rules import month_days_between, occurrences_between
from agency_service.care.setup import BIRTHDAY, COOPERATION, FOUNDING, HOLIDAY, REMINDER, SETTINGS
from agency_service.clients.access import TEAM_FIELDS
from agency_service.clients.profile import (
	contact_client_links,
	contacts_of_enabled_clients,
	enabled_clients,
)
from agency_service.job_lock import runs_alone

# --- the daily job ---------------------------------------------------------------------------------


@runs_alone
def send_care_reminders_job():
	send_care_reminders()
	frappe.db.commit()  # nosemgrep: scheduled long job; reminders are kept once made


def send_care_reminders(today: datetime.date | None = None) -> dict:
	"""Create the reminder ToDos due in the look-ahead window. Idempotent. Returns counts by type."""
	today = getdate(today or nowdate())
	settings = frappe.db.get_singles_dict(SETTINGS)
	days_ahead = cint(settings.get("care_days_ahead")) if settings.get("care_days_ahead") is not None else 7
	end = today + datetime.timedelta(days=days_ahead)
	templates = GreetingTemplates(settings)

	candidates = birthday_candidates(today, end)
	anniversaries = anniversary_candidates(today, end)
	holidays = holiday_occurrences(today, end)
	if anniversaries or holidays:
		clients = clients_with_greeting_contacts()
		for candidate in anniversaries:
			if candidate["customer"] in clients:
				candidate["team"] = clients[candidate["customer"]]  # with the contacts to congratulate
				candidates.append(candidate)
		candidates += holiday_candidates(holidays, clients)

	existing = set(
		frappe.get_all(
			REMINDER,
			filters={"occasion_date": ("between", [today, end])},
			pluck="reminder_key",
		)
	)
	todos, reminders, counts = [], [], {}
	for candidate in candidates:
		if candidate["key"] in existing:
			continue
		existing.add(candidate["key"])
		team = candidate["team"]
		allocated_to = team.account_manager or team.account_executive or team.account_director
		if not allocated_to:
			counts["without_account_team"] = counts.get("without_account_team", 0) + 1
			continue
		todo_name = generate_hash(length=10)
		todos.append(
			{
				"name": todo_name,
				"status": "Open",
				"priority": "Medium",
				"date": candidate["date"],
				"allocated_to": allocated_to,
				"description": templates.reminder_text(candidate),
				"reference_type": "Contact" if candidate.get("contact") else "Customer",
				"reference_name": candidate.get("contact") or candidate["customer"],
				"assigned_by": "Administrator",
			}
		)
		reminders.append(
			{
				"name": generate_hash(length=10),
				"reminder_key": candidate["key"],
				"occasion_type": candidate["type"],
				"occasion_date": candidate["date"],
				"care_occasion": candidate.get("care_occasion"),
				"customer": candidate["customer"],
				"contact": candidate.get("contact"),
				"allocated_to": allocated_to,
				"todo": todo_name,
			}
		)
		counts[candidate["type"]] = counts.get(candidate["type"], 0) + 1
	bulk_insert_rows(REMINDER, reminders)
	bulk_insert_rows("ToDo", todos)
	counts["total"] = len(reminders)
	return counts


def birthday_candidates(start: datetime.date, end: datetime.date) -> list[dict]:
	days = month_days_between(start, end)
	query, contact, link, customer = contacts_of_enabled_clients()
	on_day = None
	for month, day in days:
		criterion = (contact.birthday_month == month) & (contact.birthday_day == day)
		on_day = criterion if on_day is None else on_day | criterion
	fields = [contact.name.as_("contact"), contact.full_name, contact.birthday_month, contact.birthday_day]
	fields += [customer.name.as_("customer"), customer.customer_name]
	fields += [customer[field] for field in TEAM_FIELDS]
	rows = (
		query.select(*fields)
		.where((contact.greeting_opt_out == 0) & on_day)
		.orderby(contact.name, link.idx)
		.run(as_dict=True)
	)
	candidates, seen = [], set()
	for row in rows:
		if row.contact in seen:
			continue  # a contact of several clients is greeted once, by the first client's team
		seen.add(row.contact)
		date = days[(row.birthday_month, row.birthday_day)]
		candidates.append(
			{
				"key": f"birthday:{row.contact}:{date.year}",
				"type": BIRTHDAY,
				"date": date,
				"customer": row.customer,
				"customer_name": row.customer_name,
				"contact": row.contact,
				"contact_name": row.full_name,
				"team": row,
			}
		)
	return candidates


def anniversary_candidates(start: datetime.date, end: datetime.date) -> list[dict]:
	query, customer = enabled_clients("founded_on", "cooperating_since")
	rows = query.where(customer.founded_on.isnotnull() | customer.cooperating_since.isnotnull()).run(
		as_dict=True
	)
	candidates = []
	for row in rows:
		for kind, since, key in (
			(FOUNDING, row.founded_on, "founding"),
			(COOPERATION, row.cooperating_since, "cooperation"),
		):
			if not since:
				continue
			since = getdate(since)
			for date in occurrences_between(since.month, since.day, start, end):
				if date.year <= since.year:
					continue  # an anniversary needs at least one full year
				candidates.append(
					{
						"key": f"{key}:{row.name}:{date.year}",
						"type": kind,
						"date": date,
						"customer": row.name,
						"customer_name": row.customer_name,
						"years": date.year - since.year,
						"team": row,
					}
				)
	return candidates


def holiday_occurrences(start: datetime.date, end: datetime.date) -> list[tuple[frappe._dict, datetime.date]]:
	occasion, dates = DocType("Care Occasion"), DocType("Care Occasion Date")
	found = []
	for row in frappe.get_all(
		"Care Occasion",
		filters={"enabled": 1},
		fields=["name", "occasion_name", "greeting_template", "fixed_month", "fixed_day"],
	):
		if row.fixed_month and row.fixed_day:
			found += [(row, date) for date in occurrences_between(row.fixed_month, row.fixed_day, start, end)]
	for row in (
		frappe.qb.from_(dates)
		.join(occasion)
		.on(occasion.name == dates.parent)
		.select(occasion.name, occasion.occasion_name, occasion.greeting_template, dates.occasion_date)
		.where((occasion.enabled == 1) & (dates.occasion_date[start:end]))
		.run(as_dict=True)
	):
		found.append((row, getdate(row.occasion_date)))
	# a fixed day and a dated row for the same year remind once (the key is per year)
	return found


def clients_with_greeting_contacts() -> dict[str, frappe._dict]:
	"""Enabled clients with at least one contact who accepts greetings, with those contacts' names."""
	query, contact, link = contact_client_links()
	names_by_client: dict[str, list[str]] = {}
	for client, full_name in (
		query.select(link.link_name, contact.full_name)
		.where(contact.greeting_opt_out == 0)
		.orderby(contact.name)
		.run()
	):
		names_by_client.setdefault(client, []).append(full_name)
	clients = enabled_clients()[0].run(as_dict=True)
	return {
		row.name: frappe._dict(row, contact_names=[n for n in names_by_client[row.name] if n])
		for row in clients
		if row.name in names_by_client
	}


def holiday_candidates(holidays, clients: dict[str, frappe._dict]) -> list[dict]:
	candidates = []
	for occasion, date in holidays:
		for client in clients.values():
			candidates.append(
				{
					"key": f"holiday:{occasion.name}:{client.name}:{date.year}",
					"type": HOLIDAY,
					"date": date,
					"customer": client.name,
					"customer_name": client.customer_name,
					"care_occasion": occasion.name,
					"occasion_name": occasion.occasion_name,
					"greeting_template": occasion.greeting_template,
					"team": client,
				}
			)
	return candidates


class GreetingTemplates:
	"""Compiles each Email Template once and drafts the reminder text for a candidate."""

	def __init__(self, settings: dict):
		self.defaults = {
			BIRTHDAY: settings.get("birthday_template"),
			FOUNDING: settings.get("anniversary_template"),
			COOPERATION: settings.get("anniversary_template"),
			HOLIDAY: settings.get("holiday_template"),
		}
		self.compiled: dict[str, tuple | None] = {}
		self._words: dict[str, str] = {}
		self._occasion_words: dict[str, str] = {}

	def template(self, name: str | None):
		if not name:
			return None
		if name not in self.compiled:
			row = frappe.db.get_value(
				"Email Template", name, ["subject", "use_html", "response", "response_html"], as_dict=True
			)
			if not row:
				self.compiled[name] = None
			else:
				jenv = frappe.get_jenv()
				body = row.response_html if row.use_html else row.response
				self.compiled[name] = (jenv.from_string(row.subject or ""), jenv.from_string(body or ""))
		return self.compiled[name]

	def reminder_text(self, candidate: dict) -> str:
		kind = candidate["type"]
		words = self.words()
		occasion = (
			self.occasion_word(candidate.get("occasion_name") or "") if kind == HOLIDAY else words[kind]
		)
		team = candidate["team"]
		contact_names = "、".join(getattr(team, "contact_names", None) or [])
		context = {
			"contact_name": candidate.get("contact_name") or "",
			"contact_names": contact_names,
			"customer_name": candidate["customer_name"],
			"occasion": occasion,
			"occasion_date": candidate["date"],
			"years": candidate.get("years"),
		}
		if kind == BIRTHDAY:
			heading = words["birthday_heading"].format(
				context["contact_name"], candidate["customer_name"], candidate["date"]
			)
		elif kind == HOLIDAY:
			heading = words["holiday_heading"].format(
				occasion, candidate["date"], candidate["customer_name"], contact_names
			)
		else:
			heading = words["anniversary_heading"].format(
				occasion, candidate["customer_name"], candidate.get("years"), candidate["date"], contact_names
			)
		template = self.template(candidate.get("greeting_template") or self.defaults[kind])
		if not template:
			return f"<p>{escape_html(heading)}</p>"
		subject, body = template
		return (
			f"<p>{escape_html(heading)}</p><p>{words['suggested']}:</p>"
			f"<p><b>{escape_html(subject.render(context))}</b></p>{body.render(context)}"
		)

	def words(self) -> dict:
		"""The translated phrases, looked up once per run rather than once per reminder."""
		if not self._words:
			self._words = {
				BIRTHDAY: _("birthday"),
				FOUNDING: _("founding anniversary"),
				COOPERATION: _("anniversary of our cooperation"),
				"birthday_heading": _("Birthday of {0} ({1}) on {2}: send greetings."),
				"holiday_heading": _("{0} on {1}: send greetings to {2} ({3})."),
				"anniversary_heading": _("{0} of {1} ({2} years) on {3}: send congratulations to {4}."),
				"suggested": _("Suggested greeting"),
			}
		return self._words

	def occasion_word(self, name: str) -> str:
		if name not in self._occasion_words:
			self._occasion_words[name] = _(name)
		return self._occasion_words[name]
