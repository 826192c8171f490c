"""Client scorecard and tiers (客户评分 / 客户分级, seed 001 §6.1, DESIGN §1).

Criteria, each turned into 0–100 points by a formula shown on every scorecard line:

* **Cooperation Value** — net billed revenue of the trailing 12 months in company currency: submitted
  Sales Invoices' ``base_net_total``, credit notes subtracting, cancelled invoices ignored.
  ``points = min(100, revenue ÷ revenue_for_full_score × 100)``.
* **Profit Margin** — from ERPNext Project costing (not invoice item margins: an agency's services have
  no valuation rate): Σ gross margin ÷ Σ billed amount of the client's projects with billed amounts,
  where gross margin = billed − (timesheet costing + purchase cost + consumed material).
  ``points = clamp(margin % ÷ margin_for_full_score × 100)``; no billed project → no data.
* **Growth Potential**, **Strategic Fit** — 1–5 set by the account director on the client;
  ``points = (rating − 1) × 25``; not rated → no data.
* **Cooperation Stability** — the mean of tenure points ``min(100, years ÷ tenure_for_full × 100)``
  (years since *Cooperating Since*, else the first submitted invoice) and punctuality points
  ``max(0, 100 − average days late ÷ days_late_for_zero × 100)``, where average days late is the
  amount-weighted days between an invoice's due date and each payment allocated to it in the Payment
  Ledger (payments of the last 12 months; early payment counts as 0).
* **Client Risk** — the mean of the parts that have data: overdue receivables
  ``max(0, 100 − overdue ÷ revenue ÷ overdue_share_for_zero × 100)``, credit rating (A 100, B 75, C 40,
  D 0), complaints of the last 12 months ``max(0, 100 − complaints × points_lost_per_complaint)``
  (only once the *Client Complaint* doctype exists).
* **Client Satisfaction** — CSAT of the last 12 months' survey answers (share of 4–5 ratings); no
  answer → no data.

score = Σ weight × points ÷ Σ weight, over the criteria with data: a criterion whose data source is
absent weighs zero. The suggested tier is the highest-ranked Client Tier whose minimum score the score
reaches.

Tiers: ``recompute_scorecards`` (monthly on the long queue, or from the desk with a progress bar) stores
one **Client Scorecard** per client and month with its breakdown — a re-run of the same month replaces
it with identical names and values. An upgrade (or a first tier) is applied at once; a downgrade opens
a **Client Tier Change** that the client's account director signs off through the sign-off engine; a
locked tier is never changed by the job. A change by hand (Change Tier on the client, or a Client Tier
Change made in the desk or REST API) follows the same rules, and overriding a locked tier also needs the
sign-off. Every applied change is a Client Tier Change: the tier history.
"""
