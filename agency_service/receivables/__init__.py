"""Credit and the receivables watch (信用额度 / 应收账款, seed 004 §5.1, DESIGN §8).

* Credit: the client's credit rating (A–D, a Customer field) and its credit limit per company on
  ERPNext's own *Customer Credit Limit* table, whose credit check on sales documents keeps working.
  Both sit at permlevel 2 on Customer: Credit Reviewer and Agency Management write them, the account
  team only reads them. ``set_client_credit`` is the same through one API call.
* The daily watch (``daily_long``) lists every client's overdue invoices (submitted, outstanding, past
  their due date) with their ageing, and sends **one** reminder per client — an email from the Email
  Template *Overdue Receivables Reminder* to the client's billing contact (its *Finance Contact*, else
  its primary contact), in the contact's language (zh, zh-TW or en), listing all overdue invoices.
  Past ``manager_escalation_days`` of the oldest overdue invoice the account manager is told, past
  ``director_escalation_days`` the account director. Each message is recorded as a *Receivables
  Reminder* with a fingerprint of the overdue invoices and amounts: the same state is never reminded
  twice at the same level; a new overdue invoice or a part payment is a new state. Optionally one
  draft ERPNext *Dunning* per client and currency lists the overdue invoices.
"""
