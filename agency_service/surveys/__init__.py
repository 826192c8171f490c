"""Satisfaction surveys (满意度调查, DESIGN §7): scores, invitations, responses and follow-ups.

* Scores are pure functions: CSAT = share of 4–5 answers among 1–5 answers; NPS = % of 9–10 minus
  % of 0–6 among 0–10 answers. Each response stores its answer counts per dimension, so every
  roll-up (client, tier, account manager, period) is a sum of counts, never an average of averages.
* An invitation is one client contact's personal survey link. Only the SHA-256 of its token is stored;
  the token itself exists in the emailed link only. A link is single-use and expires.
* The daily job invites every client contact whose tier's survey cadence has passed since their last
  invitation (clients without a tier: once a year). Project completion invites the client's contacts;
  work orders and complaints call ``invite_client_contacts`` when they land.
* A response with a dimension rated 2 or lower, or a recommendation score of 6 or lower, opens one
  follow-up ToDo for the account manager; for a tier that requires director-level contact the account
  director is notified as well.
"""
