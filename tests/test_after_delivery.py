"""After delivery (DESIGN §12): a completed work order sends one satisfaction survey — whether its
project completes first or the client approves first — opens one post-project review led by the
account executive, and staff can put the work in a library of success cases, usable only with the
client's recorded authorisation (001 §4.4)."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from agency_service.agency_service.doctype.post_project_review.post_project_review import (
	PostProjectReviewError,
)
from agency_service.agency_service.doctype.success_case.success_case import SuccessCaseError
from agency_service.delivery.plan import create_project
from agency_service.guard import UncontrolledChangeError, controlled_change
from tests.factories import make_client, make_work_order, staff
from tests.survey_factories import make_served_client

CASE, REVIEW = "Success Case", "Post-Project Review"


def proposed(customer: str, **kw):
	"""A work order with its delivery plan, proposed to the client."""
	order = make_work_order(customer, **kw)
	with controlled_change():
		order.db_set({"status": "Proposed to Client", "project": create_project(order)})
	return frappe.get_doc("Client Work Order", order.name)


def complete_project(order):
	project = frappe.get_doc("Project", order.project)
	project.status = "Completed"
	project.save(ignore_permissions=True)


def surveys_of(order) -> list:
	return frappe.get_all(
		"Survey Invitation",
		{"customer": order.customer},
		["contact", "reference_doctype", "reference_name"],
	)


@pytest.mark.parametrize("project_first", [True, False])
def test_a_completed_work_order_sends_one_survey_whichever_completes_it_first(project_first):
	client, contacts = make_served_client(contacts=2)
	order = proposed(client.name)
	if project_first:
		complete_project(order)
	order.record_client_decision("Approved")
	if not project_first:
		complete_project(order)
	invited = surveys_of(order)
	assert sorted(i.contact for i in invited) == sorted(c.name for c in contacts)  # one each
	assert {(i.reference_doctype, i.reference_name) for i in invited} == {("Client Work Order", order.name)}


def test_a_project_of_no_work_order_still_sends_its_own_survey():
	client, (contact,) = make_served_client()
	project = frappe.get_doc(
		{"doctype": "Project", "project_name": f"Annual retainer {client.name}", "customer": client.name}
	).insert(ignore_permissions=True)
	project.status = "Completed"
	project.save(ignore_permissions=True)
	assert [(i.contact, i.reference_name) for i in surveys_of(project)] == [(contact.name, project.name)]


def test_completion_opens_one_review_led_by_the_account_executive():
	executive = staff("Account Executive")
	client = make_client(account_executive=executive)
	order = proposed(client.name)
	order.record_client_decision("Approved")
	[review] = frappe.get_all(REVIEW, {"work_order": order.name}, ["name", "review_owner", "status"])
	assert (review.review_owner, review.status) == (executive, "Open")
	assert frappe.db.exists("Notification Log", {"for_user": executive, "document_name": review.name})
	frappe.get_doc("Client Work Order", order.name).archive("<p>按时交付，客户满意。</p>")
	assert frappe.db.count(REVIEW, {"work_order": order.name}) == 1
	with pytest.raises(PostProjectReviewError, match="already"):
		frappe.get_doc({"doctype": REVIEW, "work_order": order.name, "review_owner": executive}).insert()


def test_a_review_is_for_completed_work_and_completes_with_its_lessons_written():
	executive = staff("Account Executive")
	client = make_client(account_executive=executive)
	order = proposed(client.name)
	with pytest.raises(PostProjectReviewError, match="approval"):
		frappe.get_doc({"doctype": REVIEW, "work_order": order.name, "review_owner": executive}).insert()
	order.record_client_decision("Approved")
	name = frappe.db.get_value(REVIEW, {"work_order": order.name})
	frappe.set_user(executive)
	review = frappe.get_doc(REVIEW, name)
	review.went_well = "<p>创意获客户高度认可</p>"
	review.save()
	with pytest.raises(PostProjectReviewError, match="What Did Not Go Well"):
		review.complete()
	review = frappe.get_doc(REVIEW, name)
	review.update({"went_badly": "<p>排期确认晚了三天</p>", "lessons": "<p>媒介排期提前一周锁定</p>"})
	review.save()
	review.complete()
	review = frappe.get_doc(REVIEW, name)
	assert review.status == "Completed" and review.completed_on
	review.lessons = "<p>改写</p>"
	with pytest.raises(PostProjectReviewError, match="cannot be changed"):
		review.save()
	review = frappe.get_doc(REVIEW, name)
	review.status = "Open"
	with pytest.raises(UncontrolledChangeError):
		review.save()


def make_case(customer: str, **kw):
	return frappe.get_doc(
		{
			"doctype": CASE,
			"title": kw.pop("title", "双十一整合营销战役"),
			"customer": customer,
			"summary": "<p>线上线下整合投放</p>",
			"results": "<p>旗舰店访客 +46%</p>",
			**kw,
		}
	).insert()


def test_a_case_is_published_only_with_the_clients_authorisation_recorded():
	client, (contact,) = make_served_client()
	other, (stranger,) = make_served_client()
	frappe.set_user(staff("Account Executive"))
	case = make_case(client.name)
	with pytest.raises(SuccessCaseError, match="authorisation recorded"):
		case.publish()
	with pytest.raises(SuccessCaseError, match="contact of"):
		case.record_authorisation(stranger.name, nowdate(), "Contract Clause")
	with pytest.raises(SuccessCaseError, match="cannot be in the future"):
		case.record_authorisation(contact.name, add_days(nowdate(), 2), "Contract Clause")
	with pytest.raises(SuccessCaseError, match="one of"):
		case.record_authorisation(contact.name, nowdate(), "Nodded")
	with pytest.raises(SuccessCaseError, match="evidence"):
		case.record_authorisation(contact.name, nowdate(), "Signed Letter")
	case.record_authorisation(contact.name, nowdate(), "Contract Clause", "行业奖项参评与官网展示")
	case = frappe.get_doc(CASE, case.name)
	assert (case.authorisation_status, case.authorised_by, case.authorisation_method) == (
		"Authorised",
		contact.name,
		"Contract Clause",
	)
	assert case.authorisation_recorded_by == frappe.session.user and str(case.authorised_on) == nowdate()
	case.publish()
	assert frappe.db.get_value(CASE, case.name, "status") == "Published"


def test_a_plain_save_cannot_authorise_or_publish_a_case():
	client, (contact,) = make_served_client()
	frappe.set_user(staff("Account Executive"))
	case = make_case(client.name)
	for values in (
		{"authorisation_status": "Authorised", "authorised_by": contact.name},
		{"status": "Published"},
	):
		doc = frappe.get_doc(CASE, case.name)
		doc.update(values)
		with pytest.raises(UncontrolledChangeError):
			doc.save()
	with pytest.raises(UncontrolledChangeError):
		make_case(client.name, authorisation_status="Authorised", status="Published")


def test_a_case_names_work_of_its_own_client_and_is_found_by_industry():
	client = make_client(industry=industry("快速消费品"))
	other = make_client()
	order = make_work_order(other.name)
	with pytest.raises(SuccessCaseError, match="is not work for"):
		make_case(client.name, work_order=order.name)
	case = make_case(client.name, title="新品上市整合传播")
	assert case.industry == "快速消费品"
	found = frappe.get_list(CASE, filters={"industry": "快速消费品"}, pluck="name")
	assert case.name in found
	from frappe.desk.search import search_widget

	results = search_widget(CASE, "快速消费品", page_length=50)
	assert case.name in [r[0] for r in results]


def industry(name: str) -> str:
	if not frappe.db.exists("Industry Type", name):
		frappe.get_doc({"doctype": "Industry Type", "industry": name}).insert(ignore_permissions=True)
	return name


def test_staff_without_an_account_role_cannot_make_a_case():
	client = make_client()
	frappe.set_user(staff("Department Lead"))
	with pytest.raises(frappe.PermissionError):
		make_case(client.name)


def test_the_case_library_is_searched_from_the_awesome_bar():
	from frappe.desk.doctype.global_search_settings.global_search_settings import (
		get_doctypes_for_global_search,
	)
	from frappe.utils.global_search import search, sync_global_search

	assert "Success Case" in get_doctypes_for_global_search()
	client = make_client()
	case = make_case(client.name, title="城市夜跑品牌联名", results="<p>联名款三日售罄</p>")
	sync_global_search()
	found = search("联名款三日售罄", doctype="Success Case")
	assert case.name in [row.name for row in found]


def test_the_after_delivery_demo_completes_a_review_and_publishes_an_authorised_case():
	import random

	from agency_service.demo import delivery as demo
	from agency_service.demo.base import EMAIL_DOMAIN

	if frappe.db.exists("Client Work Order", {"status": "Archived"}):
		pytest.skip("the site has archived work orders of its own: the demo step would take the first")
	executive = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"demo-ae-{frappe.generate_hash(length=6)}@{EMAIL_DOMAIN}",
			"first_name": "演示客户专员",
			"send_welcome_email": 0,
			"roles": [{"role": "Account Executive"}, {"role": "Sales User"}],
		}
	).insert(ignore_permissions=True)
	client, (contact,) = make_served_client(account_executive=executive.name)
	order = proposed(client.name)
	order.record_client_decision("Approved")
	frappe.get_doc("Client Work Order", order.name).archive("<p>按期交付</p>")
	demo.make_after_delivery_demo(random.Random(1))
	demo.make_after_delivery_demo(random.Random(1))  # idempotent
	assert frappe.db.get_value(REVIEW, {"work_order": order.name}, "status") == "Completed"
	[case] = frappe.get_all(
		CASE, {"work_order": order.name}, ["status", "authorisation_status", "authorised_by"]
	)
	assert (case.status, case.authorisation_status, case.authorised_by) == (
		"Published",
		"Authorised",
		contact.name,
	)
