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
