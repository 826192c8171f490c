"""Benchmark of the prohibited-term check of ad copy (issue 16: ad-content review).

    bash scripts/bench.sh ad_content [--site SITE] [--scale 0.1]

A term list of 2,000 terms (the shipped starter list and generated Chinese terms, each with its
Traditional form) is saved on the site as Legal would, and the automaton is built from it the way a review
does (``compliance.review.current_matcher``). A copy of 20,000 characters — Chinese ad prose with terms
and their Traditional forms scattered through it — is then checked 31 times. Target: median ≤ 20 ms.
The naive way (a search of the copy for every term) is timed beside it.

Cross-checks (fail the run): the automaton and the naive search find exactly the same hits; every term
planted in the copy is among them, in Simplified and in Traditional form; a second build for the same list
version is the cached automaton. The term list is deleted at the end.
"""

import random

import frappe
from frappe.utils import random_string

from agency_service.compliance.review import current_matcher
from agency_service.compliance.setup import starter_term_rows
from benchmarks.common import Context, median_ms, seconds

FULL_TERMS, FULL_COPY = 2_000, 20_000
# (Simplified, Traditional) characters the generated terms are made of, so Traditional copy is folded too
PAIRS = list(
	zip(
		"国级极优质权专证疗医药险资财学奖荐广体验号显绝对独无顶万过录统卫东实时当发开关门变点线品牌新高效",
		"國級極優質權專證療醫藥險資財學獎薦廣體驗號顯絕對獨無頂萬過錄統衛東實時當發開關門變點線品牌新高效",
		strict=True,
	)
)
PROSE = "本季新品以匠心工艺打造，为城市家庭带来舒适体验。我们坚持真实宣传，让每一位消费者放心选择。"


def run(ctx: Context):
	rng = random.Random(16)
	name = f"BENCH 词表 {random_string(6)}"
	try:
		terms = make_term_list(ctx, rng, name)
		copy, planted = make_copy(rng, terms, ctx.n(FULL_COPY))
		build_s, (matcher, versions) = seconds(current_matcher)
		print(f"  {len(matcher.terms)} folded terms, automaton built in {build_s * 1000:.0f} ms")
		ctx.check(current_matcher()[0] is matcher, "the same list version reuses the cached automaton")
		hits = matcher.find(copy)
		naive = matcher.find_naive(copy)
		ctx.check(hits == naive, f"the automaton and the naive search agree ({len(hits)} hits)")
		found = {(h.start, h.matched) for h in hits}
		ctx.check(
			all((start, text) in found for start, text in planted),
			f"every one of the {len(planted)} planted terms is found (Simplified and Traditional forms)",
		)
		automaton_ms = median_ms(lambda: matcher.find(copy), 31)
		naive_ms = median_ms(lambda: matcher.find_naive(copy), 11)
		print(f"  copy of {len(copy):,} characters, {len(versions)} enabled lists")
		print(f"  automaton: median {automaton_ms:.2f} ms; naive search of every term: {naive_ms:.2f} ms")
		ctx.target("term check of the copy (median)", automaton_ms, 20, "ms")
	finally:
		frappe.db.rollback()
		if frappe.db.exists("Ad Content Term List", name):
			frappe.delete_doc("Ad Content Term List", name, ignore_permissions=True, force=True)
		frappe.db.commit()


def make_term_list(ctx: Context, rng: random.Random, name: str) -> list[tuple[str, str]]:
	rows = starter_term_rows()
	seen = {row["term"] for row in rows}
	while len(rows) < ctx.n(FULL_TERMS):
		chosen = [rng.choice(PAIRS) for _ in range(rng.randint(2, 5))]
		term = "".join(s for s, _t in chosen)
		if term in seen:
			continue
		seen.add(term)
		rows.append(
			{
				"term": term,
				"term_zh_tw": "".join(t for _s, t in chosen),
				"category": rng.choice(("Absolute Term", "Claim Needing Proof", "Endorsement")),
				"severity": "Prohibited",
				"rule": "广告法第九条",
			}
		)
	doc = frappe.get_doc({"doctype": "Ad Content Term List", "list_name": name, "enabled": 1, "terms": rows})
	elapsed, _doc = seconds(doc.insert, ignore_permissions=True)
	frappe.db.commit()
	print(f"  term list of {len(rows):,} terms saved in {elapsed:.1f} s")
	return [(row["term"], row["term_zh_tw"]) for row in rows]


def make_copy(rng: random.Random, terms, length: int) -> tuple[str, list[tuple[int, str]]]:
	"""Prose with a term (in either form) after every few sentences; returns the copy and where each is."""
	parts, planted, at = [], [], 0
	while at < length:
		sentence = PROSE[: rng.randint(10, len(PROSE))]
		parts.append(sentence)
		at += len(sentence)
		term, term_zh_tw = rng.choice(terms)
		form = term_zh_tw if term_zh_tw and rng.random() < 0.5 else term
		planted.append((at, form))
		parts.append(form)
		at += len(form)
	copy = "".join(parts)[:length]
	return copy, [(start, text) for start, text in planted if start + len(text) <= length]
