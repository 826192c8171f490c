"""The daily contract watch (合同履约监控, 004 §5.2.2): overdue obligations and contracts about to expire.

Every signed contract in force (submitted, not superseded) is read set-based, with its fulfilment terms
(ERPNext's Contract Fulfilment Checklist, with a due date this app adds):

* a term past its due date and not fulfilled reminds the client's account manager, once (the date is
  kept on the term); ``ESCALATE_AFTER_DAYS`` past its due date, still unfulfilled and reminded on an earlier
  day, it is escalated once to the client's account director;
* a contract ending within ``EXPIRY_NOTICE_DAYS`` reminds the account manager once.

One digest per person per run; the dates written mark what was sent, so a second run sends nothing.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import add_days, getdate, nowdate

from agency_service import notify
from agency_service.clients.profile import with_client
from agency_service.job_lock import runs_alone

ESCALATE_AFTER_DAYS = 7
EXPIRY_NOTICE_DAYS = 30
CHUNK = 5000


@runs_alone
def watch_contracts_job():
	watch_contracts()


def contracts_in_force():
	contract = DocType("Contract")
	query, customer = with_client(contract, left=True)
	return query.select(
		contract.name,
		contract.end_date,
		contract.expiry_reminded_on,
		contract.party_full_name,
		customer.account_manager,
		customer.account_director,
	).where((contract.docstatus == 1) & contract.superseded_by.isnull())


def overdue_terms(today):
	term = DocType("Contract Fulfilment Checklist")
	in_force = contracts_in_force()
	contract = DocType("Contract")
	return (
		in_force.join(term)
		.on((term.parent == contract.name) & (term.parenttype == "Contract"))
		.select(
			term.name.as_("term"),
			term.requirement,
			term.due_date,
			term.overdue_reminded_on,
			term.escalated_on,
		)
		.where((term.fulfilled == 0) & term.due_date.isnotnull() & (term.due_date < today))
		.where(
			term.overdue_reminded_on.isnull()
			| (
				term.escalated_on.isnull()
				& (term.due_date < add_days(today, -ESCALATE_AFTER_DAYS))
				& (term.overdue_reminded_on < today)
			)
		)
		.run(as_dict=True)
	)


def watch_contracts(as_of=None) -> dict:
	today = getdate(as_of or nowdate())
	reminders: dict[str, list] = {}
	escalations: dict[str, list] = {}
	expiries: dict[str, list] = {}
	remind_rows, escalate_rows, expiry_contracts = [], [], []
	for row in overdue_terms(today):
		text = _("{0} (due {1})").format(row.requirement, row.due_date)
		if not row.overdue_reminded_on:
			if row.account_manager:
				reminders.setdefault(row.account_manager, []).append(("Contract", row.name, text))
			remind_rows.append(row.term)
		elif not row.escalated_on:  # the query took only terms a week overdue, reminded on an earlier day
			if row.account_director:
				escalations.setdefault(row.account_director, []).append(("Contract", row.name, text))
			escalate_rows.append(row.term)
	contract = DocType("Contract")
	soon = add_days(today, EXPIRY_NOTICE_DAYS)
	for row in (
		contracts_in_force()
		.where(contract.end_date.isnotnull() & (contract.end_date >= today) & (contract.end_date <= soon))
		.where(contract.expiry_reminded_on.isnull())
		.run(as_dict=True)
	):
		if row.account_manager:
			text = _("{0} ends on {1}").format(row.party_full_name or row.name, row.end_date)
			expiries.setdefault(row.account_manager, []).append(("Contract", row.name, text))
		expiry_contracts.append(row.name)

	more = _("… and {0} more.")
	notify.send_digests(reminders, lambda n: _("{0} contract obligations are overdue").format(n), more)
	notify.send_digests(
		escalations, lambda n: _("Escalated: {0} contract obligations are still overdue").format(n), more
	)
	notify.send_digests(expiries, lambda n: _("{0} contracts end within 30 days").format(n), more)
	mark("Contract Fulfilment Checklist", "overdue_reminded_on", remind_rows, today)
	mark("Contract Fulfilment Checklist", "escalated_on", escalate_rows, today)
	mark("Contract", "expiry_reminded_on", expiry_contracts, today)
	return {"reminded": len(remind_rows), "escalated": len(escalate_rows), "expiring": len(expiry_contracts)}


def mark(doctype: str, fieldname: str, names: list[str], today):
	table = DocType(doctype)
	for start in range(0, len(names), CHUNK):
		chunk = names[start : start + CHUNK]
		frappe.qb.update(table).set(table[fieldname], today).where(table.name.isin(chunk)).run()
