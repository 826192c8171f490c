"""Ad-content review (广告内容审核, issue 16): the term automaton, the review of a work order's content by
Legal, and the gate of delivery — on the real site and over real HTTP."""

import json
import random

import frappe
import pytest

from agency_service.compliance.review import (
	MAX_COPY_LENGTH,
	ContentNotReviewedError,
	ContentReviewError,
	InvalidTermListError,
	current_matcher,
)
from agency_service.compliance.setup import STARTER_LIST
from agency_service.compliance.terms import InvalidTermError, Term, TermMatcher, context_of, term_problem
from agency_service.signoff.engine import sign
from agency_service.signoff.rules import NotAnApproverError, ReasonRequiredError, SelfApprovalError
from tests.factories import approve_content, make_client, make_work_order, staff
from tests.live_server import api_session

RUN = "/api/method/run_doc_method"
SIGN = "/api/method/agency_service.api.signoff.sign_document"

# --- the automaton (pure) ----------------------------------------------------------------------------


def test_the_automaton_finds_what_a_plain_search_finds():
	rng = random.Random(16)
	for _ in range(300):
		alphabet = rng.choice(("ab", "abc", "最佳第一"))
		words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))) for _ in range(12)}
		matcher = TermMatcher([Term(w) for w in words])
		text = "".join(rng.choice(alphabet + "x") for _ in range(rng.randint(0, 200)))
		assert matcher.find(text) == matcher.find_naive(text)


def test_traditional_forms_and_capitals_are_matched_alike_at_their_position():
	matcher = TermMatcher([Term("国家级", "國家級", "第九条"), Term("最佳"), Term("No.1")])
	text = "本品是國家級認證，業界最佳，NO.1"
	hits = matcher.find(text)
	assert [(h.start, h.matched, h.term.term) for h in hits] == [
		(3, "國家級", "国家级"),
		(11, "最佳", "最佳"),
		(14, "NO.1", "No.1"),
	]
	assert context_of(text, hits[0]) == "本品是【國家級】認證，業界最佳，NO.1"


def test_an_invalid_term_is_named():
	assert term_problem("") == ("blank",)
	assert term_problem("最\n佳")[0] == "line_break"
	assert term_problem("国家级", "國家")[0] == "unpaired"
	assert term_problem("最" * 41)[0] == "too_long"
	TermMatcher([Term("发财", "發財"), Term("头发", "頭髮")])  # two Traditional characters for one: fine
	with pytest.raises(InvalidTermError):
		TermMatcher([Term("乙", "丙"), Term("丁", "丙")])  # one Traditional character for two: refused


# --- the term list Legal maintains ---------------------------------------------------------------------


def new_term_list(*terms, name=None):
	return frappe.get_doc(
		{
			"doctype": "Ad Content Term List",
			"list_name": name or f"测试词表 {frappe.generate_hash(length=6)}",
			"terms": [
				{
					"term": t,
					"term_zh_tw": tw,
					"category": "Absolute Term",
					"severity": "Prohibited",
					"rule": "第九条",
				}
				for t, tw in terms
			],
		}
	)


@pytest.mark.parametrize(
	"terms, message",
	[
		((("最佳", ""), ("最佳", "")), "listed twice"),
		((("国家级", "國家"),), "character for character"),
		((("最\n佳", ""),), "line break"),
		((("乙", "丙"), ("丁", "丙")), "would stand for both"),
	],
)
def test_a_term_list_with_an_invalid_pattern_is_refused_clearly(terms, message):
	legal = staff("Legal Reviewer")
	frappe.set_user(legal)
	doc = new_term_list(*terms)
	with pytest.raises(InvalidTermListError, match=message):
		doc.insert()
	assert not frappe.db.exists("Ad Content Term List", doc.list_name)


def test_the_starter_list_is_shipped_and_its_automaton_is_built_once_per_version():
	assert frappe.db.get_value("Ad Content Term List", STARTER_LIST, "term_count") >= 40
	first, versions = current_matcher()
	again, _same = current_matcher()
	assert again is first
	legal = staff("Legal Reviewer")
	frappe.set_user(legal)
	new_term_list(("全网最低", "全網最低")).insert()
	changed, new_versions = current_matcher()
	assert changed is not first and new_versions != versions
	assert [h.term.term for h in changed.find("全網最低價")] == ["全网最低", "最低价"]


# --- the review of a work order and the gate -------------------------------------------------------------


@pytest.fixture
def crew():
	c = frappe._dict(
		ae=staff("Account Executive"), legal=staff("Legal Reviewer"), head=staff("Client Service Head")
	)
	c.client = make_client(account_executive=c.ae).name
	return c


def in_progress(crew, copy):
	wo = make_work_order(crew.client, owner=crew.ae, ad_copy=copy)
	with_status(wo.name, "In Progress")
	frappe.set_user(crew.ae)
	return frappe.get_doc("Client Work Order", wo.name)


def with_status(name, status):
	from agency_service.guard import controlled_change

	with controlled_change():
		frappe.db.set_value("Client Work Order", name, "status", status)


def test_a_copy_with_prohibited_terms_is_flagged_and_blocks_delivery_until_legal_approves(crew):
	wo = in_progress(crew, "秋季新品\n全国销量第一，國家級品质，最佳之选。")
	with pytest.raises(ContentNotReviewedError, match="has not been reviewed"):
		wo.mark_delivered()
	review = frappe.get_doc("Ad Content Review", wo.request_content_review())
	hits = {(h.matched_text, h.term, h.position, h.line_no, h.severity) for h in review.hits}
	assert ("第一", "第一", 10, 2, "Prohibited") in hits
	assert ("國家級", "国家级", 13, 2, "Prohibited") in hits
	assert ("最佳", "最佳", 19, 2, "Prohibited") in hits
	best = next(h for h in review.hits if h.term == "最佳")
	assert "【最佳】" in best.context and "第九条" in best.rule
	assert review.hit_count == review.prohibited_count == 3
	assert review.signoff_status == "Pending"
	with pytest.raises(ContentNotReviewedError, match="still waiting for Legal"):
		frappe.get_doc("Client Work Order", wo.name).mark_delivered()

	frappe.set_user(crew.legal)
	with pytest.raises(ReasonRequiredError):
		sign(review.doctype, review.name, "Rejected")
	sign(review.doctype, review.name, "Rejected", comment="“最佳”“第一”属绝对化用语，请删除")
	frappe.set_user(crew.ae)
	with pytest.raises(ContentNotReviewedError, match="rejected"):
		frappe.get_doc("Client Work Order", wo.name).mark_delivered()

	wo = frappe.get_doc("Client Work Order", wo.name)
	wo.ad_copy = "秋季新品\n匠心品质，值得信赖。"
	wo.save()
	review2 = frappe.get_doc("Ad Content Review", wo.request_content_review())
	assert review2.hit_count == 0 and review2.content_hash != review.content_hash
	frappe.set_user(crew.legal)
	sign(review2.doctype, review2.name, "Approved")
	frappe.set_user(crew.ae)
	frappe.get_doc("Client Work Order", wo.name).mark_delivered()
	stored = frappe.get_doc("Client Work Order", wo.name)
	assert (stored.status, stored.delivered_review, stored.content_review) == (
		"Delivered",
		review2.name,
		review2.name,
	)


def test_a_changed_deliverable_is_blocked_again(crew):
	wo = in_progress(crew, "匠心品质，值得信赖。")
	approve_content(wo, crew.ae, crew.legal)
	wo = frappe.get_doc("Client Work Order", wo.name)
	wo.ad_copy += "现在购买享受最低价！"
	wo.save()
	with pytest.raises(ContentNotReviewedError, match="has changed"):
		frappe.get_doc("Client Work Order", wo.name).mark_delivered()
	# back to the approved copy: the approved review covers it again
	wo = frappe.get_doc("Client Work Order", wo.name)
	wo.ad_copy = "匠心品质，值得信赖。"
	wo.save()
	frappe.get_doc("Client Work Order", wo.name).mark_delivered()
	assert frappe.db.get_value("Client Work Order", wo.name, "status") == "Delivered"


def test_an_attached_file_is_part_of_the_content(crew):
	wo = in_progress(crew, "匠心品质，值得信赖。")
	approve_content(wo, crew.ae, crew.legal)
	frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "海报文案.txt",
			"attached_to_doctype": "Client Work Order",
			"attached_to_name": wo.name,
			"content": "海報：專家推薦，無效退款".encode(),
			"is_private": 1,
		}
	).insert()
	with pytest.raises(ContentNotReviewedError, match="has changed"):
		frappe.get_doc("Client Work Order", wo.name).mark_delivered()
	review = frappe.get_doc(
		"Ad Content Review", frappe.get_doc("Client Work Order", wo.name).request_content_review()
	)
	assert [f.file_name for f in review.files] == ["海报文案.txt"] and review.files[0].text_checked
	assert {(h.source, h.term) for h in review.hits} == {
		("海报文案.txt", "专家推荐"),
		("海报文案.txt", "无效退款"),
	}


def test_proposal_to_the_client_needs_the_current_content_approved(crew):
	wo = in_progress(crew, "匠心品质。")
	approve_content(wo, crew.ae, crew.legal)
	with_status(wo.name, "Accepted")
	frappe.set_user(crew.ae)
	wo = frappe.get_doc("Client Work Order", wo.name)
	wo.ad_copy = "匠心品质，史无前例。"
	wo.save()
	with pytest.raises(ContentNotReviewedError):
		frappe.get_doc("Client Work Order", wo.name).propose_to_client()
	assert frappe.db.get_value("Client Work Order", wo.name, "status") == "Accepted"


def test_bad_input_gets_a_clear_error(crew):
	wo = in_progress(crew, "")
	with pytest.raises(ContentReviewError, match="nothing to review"):
		wo.request_content_review()
	wo = frappe.get_doc("Client Work Order", wo.name)
	wo.ad_copy = "广" * (10 * 1024 * 1024)
	with pytest.raises(ContentReviewError, match="at most"):
		wo.save()
	assert not frappe.db.get_value("Client Work Order", wo.name, "ad_copy")
	assert len("广" * MAX_COPY_LENGTH) == MAX_COPY_LENGTH
	assert not frappe.get_all("Ad Content Review", {"work_order": wo.name})


def test_nobody_approves_content_they_wrote(crew):
	author = staff("Account Executive", "Legal Reviewer")
	wo = make_work_order(crew.client, owner=author, ad_copy="匠心品质。")
	with_status(wo.name, "In Progress")
	frappe.set_user(crew.ae)
	review = frappe.get_doc("Client Work Order", wo.name).request_content_review()
	frappe.set_user(author)
	with pytest.raises(SelfApprovalError):
		sign("Ad Content Review", review, "Approved")
	frappe.set_user(crew.ae)
	with pytest.raises((SelfApprovalError, NotAnApproverError)):
		sign("Ad Content Review", review, "Approved")


def test_a_review_cannot_be_written_or_deleted_by_hand(crew):
	wo = in_progress(crew, "匠心品质。")
	review = frappe.get_doc("Ad Content Review", approve_content(wo, crew.ae, crew.legal))
	frappe.set_user(crew.legal)
	review.copy_text = "别的文案"
	with pytest.raises(frappe.ValidationError):
		review.save()
	with pytest.raises(frappe.PermissionError):
		frappe.delete_doc("Ad Content Review", review.name)
	frappe.set_user("Administrator")
	with pytest.raises(ContentReviewError, match="cannot be deleted"):
		frappe.delete_doc("Ad Content Review", review.name, force=True)
	with pytest.raises(frappe.ValidationError):
		frappe.get_doc({"doctype": "Ad Content Review", "work_order": wo.name, "content_hash": "x"}).insert()


# --- over real HTTP: every way round the review is refused, with nothing changed -------------------------


@pytest.fixture(scope="module")
def web(live_server, live_data):
	w = frappe._dict(
		ae=staff("Account Executive"),
		legal=staff("Legal Reviewer"),
		author_legal=staff("Account Executive", "Legal Reviewer"),
	)
	for user in list(w.values()):
		live_data.add(frappe.get_doc("User", user))
	w.client = live_data.add(make_client(account_executive=w.ae)).name
	live_data.commit()
	w.http = {user: api_session(live_server, user) for user in (w.ae, w.legal, w.author_legal)}
	return w


def http(w, user, method, path, **kw):
	session = w.http[user]
	return session.request(method, session.base_url + path, timeout=60, **kw)


def sign_over_http(web, user, review, decision, comment=None):
	data = {"doctype": "Ad Content Review", "name": review, "decision": decision}
	return http(web, user, "POST", SIGN, data={**data, **({"comment": comment} if comment else {})})


def footprint(name):
	frappe.db.rollback()
	wo = frappe.db.get_value(
		"Client Work Order", name, ["status", "ad_copy", "content_review", "delivered_review", "modified"]
	)
	reviews = frappe.get_all(
		"Ad Content Review",
		{"work_order": name},
		["name", "signoff_status", "content_hash", "copy_text", "modified"],
		order_by="name",
	)
	return wo, reviews


def test_bypass_attempts_over_http_are_refused_with_nothing_changed(web, live_data):
	wo = live_data.add(make_work_order(web.client, owner=web.ae, ad_copy="全国第一，最佳品质"))
	with_status(wo.name, "In Progress")
	other = live_data.add(make_work_order(web.client, owner=web.ae, ad_copy="匠心品质"))
	with_status(other.name, "In Progress")
	live_data.commit()
	other_review = approve_content(other, web.ae, web.legal)
	pending_review = frappe.get_doc("Client Work Order", wo.name).request_content_review()
	frappe.set_user("Administrator")
	for name in (other_review, pending_review):
		live_data.add(frappe.get_doc("Ad Content Review", name))
	live_data.commit()
	stored = frappe.get_doc("Client Work Order", wo.name)
	form = stored.as_dict(convert_dates_to_str=True)

	def doctored(**fields):
		return json.dumps({**form, **fields}, default=str)

	attempts = [
		# 1. deliver without an approved review
		("POST", RUN, {"data": {"dt": wo.doctype, "dn": wo.name, "method": "mark_delivered"}}),
		# 2. the same with a doctored form claiming the other work order's approved review
		(
			"POST",
			RUN,
			{
				"data": {
					"docs": doctored(content_review=other_review, delivered_review=other_review),
					"method": "mark_delivered",
				}
			},
		),
		# 3. a doctored form with a new copy: the copy would be saved, then the gate refuses: all rolled back
		("POST", RUN, {"data": {"docs": doctored(ad_copy="匠心品质"), "method": "mark_delivered"}}),
		# 4–6. status or the review link set directly
		(
			"POST",
			"/api/method/frappe.client.set_value",
			{"data": {"doctype": wo.doctype, "name": wo.name, "fieldname": "status", "value": "Delivered"}},
		),
		(
			"PUT",
			f"/api/resource/Client Work Order/{wo.name}",
			{"json": {"delivered_review": other_review, "content_review": other_review}},
		),
		(
			"POST",
			"/api/method/frappe.desk.form.save.savedocs",
			{"data": {"doc": doctored(status="Delivered"), "action": "Save"}},
		),
		# 7. forge an approved review of the current content
		(
			"POST",
			"/api/resource/Ad Content Review",
			{
				"json": {
					"work_order": wo.name,
					"content_hash": stored_hash(wo.name),
					"signoff_status": "Approved",
				}
			},
		),
		# 8–9. edit the pending review: approve it, or swap its fingerprint for the other's
		(
			"PUT",
			f"/api/resource/Ad Content Review/{pending_review}",
			{"json": {"signoff_status": "Approved"}},
		),
		(
			"POST",
			"/api/method/frappe.client.set_value",
			{
				"data": {
					"doctype": "Ad Content Review",
					"name": other_review,
					"fieldname": "content_hash",
					"value": stored_hash(wo.name),
				}
			},
		),
		# 10. delete the pending review
		("DELETE", f"/api/resource/Ad Content Review/{pending_review}", {}),
		# 11. the requester signs the review himself
		(
			"POST",
			SIGN,
			{"data": {"doctype": "Ad Content Review", "name": pending_review, "decision": "Approved"}},
		),
		# 12. propose to the client straight away
		("POST", RUN, {"data": {"dt": wo.doctype, "dn": wo.name, "method": "propose_to_client"}}),
	]
	before = footprint(wo.name)
	other_before = footprint(other.name)
	for method, path, kw in attempts:
		response = http(web, web.ae, method, path, **kw)
		assert 400 <= response.status_code < 500, (method, path, response.status_code, response.text[:400])
		assert footprint(wo.name) == before, (method, path)
		assert footprint(other.name) == other_before, (method, path)
	# 13. a Legal Reviewer who is also the author of the copy cannot approve it
	authored = live_data.add(make_work_order(web.client, owner=web.author_legal, ad_copy="匠心品质。"))
	with_status(authored.name, "In Progress")
	live_data.commit()
	frappe.set_user(web.ae)
	authored_review = frappe.get_doc("Client Work Order", authored.name).request_content_review()
	frappe.set_user("Administrator")
	live_data.add(frappe.get_doc("Ad Content Review", authored_review))
	live_data.commit()
	before = footprint(authored.name)
	response = sign_over_http(web, web.author_legal, authored_review, "Approved")
	assert response.status_code == 417 and "yourself" in response.text, response.text[:300]
	assert footprint(authored.name) == before

	# and the way through: Legal approves over HTTP, the work is delivered
	response = sign_over_http(web, web.legal, pending_review, "Rejected", "绝对化用语")
	assert response.ok, response.text[:300]
	response = http(
		web, web.ae, "POST", RUN, data={"dt": wo.doctype, "dn": wo.name, "method": "mark_delivered"}
	)
	assert response.status_code == 417 and "rejected" in response.text
	response = sign_over_http(web, web.legal, authored_review, "Approved")
	assert response.ok, response.text[:300]
	response = http(
		web, web.ae, "POST", RUN, data={"dt": wo.doctype, "dn": authored.name, "method": "mark_delivered"}
	)
	assert response.ok, response.text[:300]
	assert footprint(authored.name)[0][0] == "Delivered"


def stored_hash(name):
	from agency_service.compliance.review import stored_content

	return stored_content(name)[2]
