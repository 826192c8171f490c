"""Ad-content review of a work order's deliverables (广告内容审核, 004 §5.3.2).

* A work order's *content* is its ad copy and the files attached to it. Its fingerprint
  (``content_fingerprint``) is a hash of the copy and of each file's name, address and own content hash,
  read from the stored records — never from a form a client sent.
* ``start_review`` checks the content against the enabled term lists (one automaton, ``terms.TermMatcher``,
  built once per list version and kept per process) and opens an Ad Content Review with every hit — its
  position, line, context and rule — which the Legal Reviewer signs or rejects through the sign-off
  engine (purpose ``content_review``).
* ``require_approved_review`` is the gate of delivery and proposal: it passes only when a review of the
  content *as it is now* is approved. A changed copy or file has another fingerprint and needs a new review.
"""

import hashlib

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import cint

from agency_service.compliance.terms import (
	InvalidTermError,
	Term,
	TermMatcher,
	context_of,
	line_and_column,
	term_problem,
)
from agency_service.guard import controlled_change
from agency_service.signoff.engine import submit_for_signoff
from agency_service.signoff.rules import APPROVED, PENDING, REJECTED

CONTENT_REVIEW = "content_review"
MAX_COPY_LENGTH = 100_000
MAX_HITS_SHOWN = 500
TEXT_FILE_EXTENSIONS = (".txt", ".md", ".csv", ".htm", ".html")
MAX_TEXT_FILE_BYTES = 1_000_000

_matchers: dict[tuple, TermMatcher] = {}


class ContentReviewError(frappe.ValidationError):
	pass


class ContentNotReviewedError(ContentReviewError):
	pass


class InvalidTermListError(frappe.ValidationError):
	pass


# --- the term lists and their automaton --------------------------------------------------------------


def term_list_versions() -> tuple:
	"""(name, modified) of every enabled term list: the key of the cached automaton."""
	lists = frappe.get_all(
		"Ad Content Term List", filters={"enabled": 1}, fields=["name", "modified"], order_by="name"
	)
	return tuple((row.name, str(row.modified)) for row in lists)


def terms_of(list_names) -> list[Term]:
	term = DocType("Ad Content Term")
	rows = (
		frappe.qb.from_(term)
		.select(term.term, term.term_zh_tw, term.rule, term.category, term.severity)
		.where(term.parent.isin(list(list_names)) & (term.parenttype == "Ad Content Term List"))
		.orderby(term.parent)
		.orderby(term.idx)
		.run(as_dict=True)
	)
	return [
		Term(r.term, r.term_zh_tw or "", r.rule or "", f"{r.category or ''}|{r.severity or ''}") for r in rows
	]


def current_matcher() -> tuple[TermMatcher, tuple]:
	versions = term_list_versions()
	if not versions:
		frappe.throw(
			_("No enabled ad-content term list: Legal has to set one up before content can be reviewed."),
			title=_("No Term List"),
			exc=ContentReviewError,
		)
	matcher = _matchers.get(versions)
	if matcher is None:
		try:
			matcher = TermMatcher(terms_of(name for name, _modified in versions))
		except InvalidTermError as error:
			frappe.throw(
				term_error_message(error.args), title=_("Invalid Term List"), exc=InvalidTermListError
			)
		_matchers.clear()  # one version of the lists at a time: an older automaton is never used again
		_matchers[versions] = matcher
	return matcher, versions


def term_error_message(problem: tuple) -> str:
	key, *values = problem
	values = [frappe.bold(str(v)) for v in values]
	messages = {
		"blank": _("A term cannot be blank."),
		"line_break": _("The term {0} contains a line break or a tab."),
		"too_long": _("The term {0} is longer than {1} characters."),
		"spaces": _("The term {0} starts or ends with a space."),
		"unpaired": _("The Traditional form {1} of {0} must pair with the term character for character."),
		"conflict": _("The character {0} would stand for both {1} and {2}: correct a Traditional form."),
	}
	return messages[key].format(*values)


def validate_term_list(doc):
	"""Every term of a list can be matched, and the list as a whole gives one folding of each character."""
	seen = set()
	terms = []
	for row in doc.terms:
		row.term = (row.term or "").strip() or row.term
		row.term_zh_tw = (row.term_zh_tw or "").strip()
		problem = term_problem(row.term, row.term_zh_tw)
		if problem:
			frappe.throw(
				_("Row {0}: {1}").format(row.idx, term_error_message(problem)),
				title=_("Invalid Term List"),
				exc=InvalidTermListError,
			)
		if row.term in seen:
			frappe.throw(
				_("Row {0}: the term {1} is listed twice.").format(row.idx, frappe.bold(row.term)),
				title=_("Invalid Term List"),
				exc=InvalidTermListError,
			)
		seen.add(row.term)
		terms.append(Term(row.term, row.term_zh_tw))
	try:
		TermMatcher(terms)
	except InvalidTermError as error:
		frappe.throw(term_error_message(error.args), title=_("Invalid Term List"), exc=InvalidTermListError)


# --- a work order's content ---------------------------------------------------------------------------


def attached_files(work_order: str) -> list[dict]:
	return frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Client Work Order", "attached_to_name": work_order, "is_folder": 0},
		fields=["name", "file_name", "file_url", "content_hash", "file_size", "owner"],
		order_by="file_url asc, name asc",
	)


def normal_copy(copy: str | None) -> str:
	return (copy or "").replace("\r\n", "\n").strip()


def content_fingerprint(copy: str | None, files: list[dict]) -> str:
	digest = hashlib.sha256(normal_copy(copy).encode())
	for f in files:
		digest.update(
			f"\x00{f.get('file_name') or ''}\x00{f.get('file_url') or ''}\x00{f.get('content_hash') or ''}".encode()
		)
	return digest.hexdigest()


def stored_content(work_order: str) -> tuple[str, list[dict], str]:
	copy = normal_copy(frappe.db.get_value("Client Work Order", work_order, "ad_copy"))
	files = attached_files(work_order)
	return copy, files, content_fingerprint(copy, files)


def file_text(f: dict) -> str | None:
	"""The text of a plain-text attachment, to be checked like the copy; None for other files."""
	if (
		not (f.file_url or "").lower().endswith(TEXT_FILE_EXTENSIONS)
		or cint(f.file_size) > MAX_TEXT_FILE_BYTES
	):
		return None
	try:
		content = frappe.get_doc("File", f.name).get_content()
	except (OSError, frappe.DoesNotExistError):
		return None
	if isinstance(content, bytes):
		content = content.decode("utf-8", errors="replace")
	return content


def check_copy_length(copy: str):
	if len(copy) > MAX_COPY_LENGTH:
		frappe.throw(
			_("The ad copy has {0} characters; a copy of at most {1} characters can be reviewed.").format(
				frappe.bold(len(copy)), MAX_COPY_LENGTH
			),
			title=_("Copy Too Long"),
			exc=ContentReviewError,
		)


def hit_rows(matcher: TermMatcher, text: str, source: str) -> list[dict]:
	rows = []
	for hit in matcher.find(text):
		category, _sep, severity = hit.term.category.partition("|")
		line, _column = line_and_column(text, hit.start)
		rows.append(
			{
				"source": source,
				"position": hit.start + 1,
				"line_no": line,
				"matched_text": hit.matched,
				"term": hit.term.term,
				"category": category,
				"severity": severity,
				"rule": hit.term.rule,
				"context": context_of(text, hit),
			}
		)
	return rows


# --- the review -------------------------------------------------------------------------------------


def reviews_of(work_order: str, fingerprint: str | None = None, status=None) -> list[dict]:
	filters = {"work_order": work_order}
	if fingerprint:
		filters["content_hash"] = fingerprint
	if status:
		filters["signoff_status"] = status
	return frappe.get_all(
		"Ad Content Review", filters=filters, fields=["name", "signoff_status"], order_by="creation desc"
	)


def start_review(work_order) -> str:
	"""Check the stored content of ``work_order`` and put it before Legal; returns the review's name."""
	copy, files, fingerprint = stored_content(work_order.name)
	if not copy and not files:
		frappe.throw(
			_("There is nothing to review: write the ad copy or attach the files of the work order first."),
			title=_("Nothing to Review"),
			exc=ContentReviewError,
		)
	check_copy_length(copy)
	pending = reviews_of(work_order.name, status=PENDING)
	if pending:
		frappe.throw(
			_("Review {0} is still waiting for Legal: wait for its decision before asking again.").format(
				frappe.bold(pending[0].name)
			),
			title=_("Review Pending"),
			exc=ContentReviewError,
		)
	if reviews_of(work_order.name, fingerprint, APPROVED):
		frappe.throw(
			_("The current content has already been approved by Legal."),
			title=_("Already Approved"),
			exc=ContentReviewError,
		)
	matcher, versions = current_matcher()
	hits = hit_rows(matcher, copy, _("Copy")) if copy else []
	file_rows = []
	for f in files:
		text = file_text(f)
		if text is not None:
			hits += hit_rows(matcher, text, f.file_name or f.file_url)
		file_rows.append(
			{
				"file_name": f.file_name,
				"file_url": f.file_url,
				"file_hash": f.content_hash,
				"text_checked": int(text is not None),
			}
		)
	prohibited = sum(1 for row in hits if row["severity"] == "Prohibited")
	with controlled_change():
		review = frappe.get_doc(
			{
				"doctype": "Ad Content Review",
				"work_order": work_order.name,
				"customer": work_order.customer,
				"prepared_by": frappe.db.get_value("Client Work Order", work_order.name, "modified_by"),
				"copy_text": copy,
				"content_hash": fingerprint,
				"term_lists": "\n".join(f"{name} ({modified})" for name, modified in versions),
				"hit_count": len(hits),
				"prohibited_count": prohibited,
				"hits": hits[:MAX_HITS_SHOWN],
				"files": file_rows,
			}
		).insert(ignore_permissions=True)
		work_order.db_set("content_review", review.name, notify=True)
	submit_for_signoff(review, CONTENT_REVIEW)
	return review.name


def content_authors(review) -> set[str]:
	"""Who wrote what a review covers: the work order's author, its last editor and who attached files. None
	of them may approve it."""
	authors = {review.prepared_by, frappe.db.get_value("Client Work Order", review.work_order, "owner")}
	authors |= {f.owner for f in attached_files(review.work_order)}
	return {a for a in authors if a}


def require_approved_review(work_order: str) -> str:
	"""The approved review of the work order's content as stored now; refuses when there is none."""
	_copy, _files, fingerprint = stored_content(work_order)
	approved = reviews_of(work_order, fingerprint, APPROVED)
	if approved:
		return approved[0].name
	latest = reviews_of(work_order)
	if not latest:
		message = _(
			"The content of work order {0} has not been reviewed: request an ad-content review first."
		)
	elif latest[0].signoff_status == PENDING:
		message = _("The ad-content review of work order {0} is still waiting for Legal's approval.")
	elif latest[0].signoff_status == REJECTED:
		message = _("Legal rejected the content of work order {0}: correct it and request a new review.")
	else:
		message = _(
			"The content of work order {0} has changed since its last review: request a new ad-content review."
		)
	frappe.throw(
		message.format(frappe.bold(work_order)), title=_("Content Not Approved"), exc=ContentNotReviewedError
	)
