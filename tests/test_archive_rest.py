"""Read scopes of the client archive over real HTTP (004 §6.3): another team's account executive cannot
read a client's brand file, competitor rows, files or contact notes by name, list, REST, report, search,
print or file URL; a Credit Reviewer reads no contract and a Legal Reviewer no credit. The same reads
succeed for the people they belong to. And the client fact book prints as a PDF with its Chinese text."""

import io
import json
import unicodedata
from urllib.parse import quote

import frappe
import pytest
from frappe.utils import nowdate, random_string

from tests.archive_factories import live_staff, make_brand_file
from tests.factories import make_client
from tests.live_server import api_session

PDF = "/api/method/frappe.utils.print_format.download_pdf"
READERS = {"head": "Client Service Head", "credit": "Credit Reviewer", "legal": "Legal Reviewer"}


@pytest.fixture(scope="module")
def world(live_server, live_data):
	# own: the client's account executive; other: another team's
	w = live_staff(live_data, **dict.fromkeys(("own", "other"), "Account Executive"), **READERS)
	tag = random_string(6)
	client = make_client(
		customer_name=f"华辰饮料 {tag}",
		account_executive=w.own,
		credit_rating="B",
		ad_goals="提升华辰品牌在华东的知名度",
		legal_representative="王建国",
	)
	w.client = live_data.add(client).name
	w.other_client = live_data.add(make_client(account_executive=w.other)).name
	brand_file, contacts = make_brand_file(w.client, w.own)
	live_data.add(brand_file)
	for contact in contacts:
		live_data.add(contact)
	w.brand_file = brand_file.name
	w.competitor_row = brand_file.competitors[0].name
	w.contact = contacts[1].name
	frappe.db.set_value("Contact", w.contact, "private_notes", "喜欢喝茶，女儿五月上大学")
	attachment = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"brief-{tag}.txt",
			"content": "2026 年度传播简报".encode(),
			"is_private": 1,
			"attached_to_doctype": "Brand File",
			"attached_to_name": brand_file.name,
		}
	).insert(ignore_permissions=True)
	w.file_url = live_data.add(attachment).file_url
	licence = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"licence-{tag}.txt",
			"content": "营业执照 统一社会信用代码 91310000MA1K123456".encode(),
			"is_private": 1,
			"attached_to_doctype": "Customer",
			"attached_to_name": w.client,
			"attached_to_field": "business_licence",
		}
	).insert(ignore_permissions=True)
	w.licence, w.licence_url = live_data.add(licence).name, licence.file_url
	frappe.db.set_value("Customer", w.client, "business_licence", licence.file_url)
	contract = frappe.get_doc(
		{
			"doctype": "Contract",
			"party_type": "Customer",
			"party_name": w.client,
			"start_date": nowdate(),
			"contract_terms": "年度媒介代理合同",
		}
	).insert(ignore_permissions=True)
	w.contract = live_data.add(contract).name
	live_data.commit()
	w.http = {user: api_session(live_server, user) for user in (w.own, w.other, w.head, w.credit, w.legal)}
	return w


def get(session, path, **params):
	return session.get(session.base_url + path, params=params, timeout=60)


def post(session, path, data):
	return session.post(session.base_url + path, data=data, timeout=60)


def shows(response, text: str) -> bool:
	"""The response carries ``text`` (JSON answers escape non-ASCII characters)."""
	if not response.ok:
		return False
	try:
		return text in json.dumps(response.json(), ensure_ascii=False)
	except ValueError:
		return text in response.text


def names_in_list(response) -> set[str]:
	assert response.ok, response.text[:300]
	return {row["name"] for row in response.json()["data"]}


def report_names(response) -> set[str]:
	assert response.ok, response.text[:300]
	message = response.json().get("message") or {}
	keys = message.get("keys") or []
	return {dict(zip(keys, row, strict=False)).get("name") for row in message.get("values") or []}


def search_values(response) -> set[str]:
	assert response.ok, response.text[:300]
	body = response.json()
	rows = body.get("message") or body.get("results") or []
	return {row.get("value") for row in rows}


def brand_file_reads(w):
	"""Every way to read the brand file, one of its competitor rows and its file: (label, call, allowed?)
	where ``allowed(response)`` says whether the read got the protected data."""
	bf = w.brand_file
	report_fields = json.dumps(["`tabBrand File`.`name`", "`tabBrand File Competitor`.`competitor`"])
	return [
		("REST by name", lambda s: get(s, f"/api/resource/Brand File/{quote(bf)}"), lambda r: r.ok),
		(
			"REST list",
			lambda s: get(s, "/api/resource/Brand File", limit_page_length=0),
			lambda r: bf in names_in_list(r),
		),
		(
			"REST list of competitor rows",
			lambda s: get(
				s,
				"/api/resource/Brand File",
				fields=json.dumps(["name", "`tabBrand File Competitor`.competitor"]),
				limit_page_length=0,
			),
			lambda r: bf in names_in_list(r),
		),
		(
			"get_value",
			lambda s: get(
				s, "/api/method/frappe.client.get_value", doctype="Brand File", filters=bf, fieldname="keeper"
			),
			lambda r: r.ok and (r.json().get("message") or {}).get("keeper"),
		),
		(
			"report view",
			lambda s: post(
				s,
				"/api/method/frappe.desk.reportview.get",
				{"doctype": "Brand File", "fields": report_fields, "page_length": 500},
			),
			lambda r: bf in report_names(r),
		),
		(
			"count",
			lambda s: get(
				s,
				"/api/method/frappe.client.get_count",
				doctype="Brand File",
				filters=json.dumps({"name": bf}),
			),
			lambda r: r.ok and r.json().get("message") == 1,
		),
		(
			"search",
			lambda s: get(s, "/api/method/frappe.desk.search.search_link", doctype="Brand File", txt=bf[:8]),
			lambda r: bf in search_values(r),
		),
		(
			"print",
			lambda s: get(s, PDF, doctype="Brand File", name=bf),
			lambda r: r.ok and r.content.startswith(b"%PDF"),
		),
		(
			"print view",
			lambda s: get(s, "/printview", doctype="Brand File", name=bf),
			lambda r: shows(r, "农夫山泉"),
		),
		(
			"competitor row by name",
			lambda s: get(s, f"/api/resource/Brand File Competitor/{w.competitor_row}"),
			lambda r: shows(r, "农夫山泉"),
		),
		(
			"file URL",
			lambda s: get(s, w.file_url),
			lambda r: r.ok and "传播简报" in r.content.decode(errors="ignore"),
		),
		(
			"form load",
			lambda s: get(s, "/api/method/frappe.desk.form.load.getdoc", doctype="Brand File", name=bf),
			lambda r: shows(r, "农夫山泉"),
		),
	]


def contact_note_reads(w):
	note = "喜欢喝茶"
	return [
		(
			"contact by name",
			lambda s: get(s, f"/api/resource/Contact/{quote(w.contact)}"),
			lambda r: shows(r, note),
		),
		(
			"contact note by get_value",
			lambda s: get(
				s,
				"/api/method/frappe.client.get_value",
				doctype="Contact",
				filters=w.contact,
				fieldname="private_notes",
			),
			lambda r: shows(r, note),
		),
		(
			"contact notes in a list",
			lambda s: get(
				s, "/api/resource/Contact", fields=json.dumps(["name", "private_notes"]), limit_page_length=0
			),
			lambda r: shows(r, note),
		),
		(
			"contact notes in the report view",
			lambda s: post(
				s,
				"/api/method/frappe.desk.reportview.get",
				{
					"doctype": "Contact",
					"fields": json.dumps(["`tabContact`.`name`", "`tabContact`.`private_notes`"]),
				},
			),
			lambda r: shows(r, note),
		),
	]


def test_another_teams_executive_reads_nothing_private_and_the_own_team_reads_it_all(world):
	w = world
	reads = [*brand_file_reads(w), *contact_note_reads(w)]
	refused = []
	for label, call, got_it in reads:
		assert not got_it(call(w.http[w.other])), f"another team's executive read it: {label}"
		refused.append(label)
		for reader in (w.own, w.head):
			assert got_it(call(w.http[reader])), f"{label} refused to {reader}"
	assert len(refused) >= 16


def test_credit_legal_and_business_parts_are_read_by_their_departments_only(world):
	w = world

	def customer_fields(user):
		response = get(w.http[user], f"/api/resource/Customer/{quote(w.client)}")
		assert response.ok, response.text[:300]
		return response.json()["data"]

	legal, credit, own = customer_fields(w.legal), customer_fields(w.credit), customer_fields(w.own)
	head = customer_fields(w.head)
	# the credit part: the credit reviewer and the head, not legal, not the account executive
	assert credit.get("credit_rating") == "B" and head.get("credit_rating") == "B"
	assert not legal.get("credit_rating") and not own.get("credit_rating")
	# the legal part (licences): legal and the head
	assert legal.get("business_licence") and head.get("business_licence")
	assert not credit.get("business_licence") and not own.get("business_licence")
	# the business part (the client's needs): the account team and the head
	assert own.get("ad_goals") and head.get("ad_goals")
	assert not credit.get("ad_goals") and not legal.get("ad_goals")
	# the basic facts: everyone serving the client
	assert {legal.get("legal_representative"), credit.get("legal_representative")} == {"王建国"}


def test_a_licence_file_is_read_by_legal_and_the_head_only(world):
	"""Frappe lets whoever reads the Customer download its attachments; a licence is the legal part's."""
	w = world
	for user, allowed in [
		(w.legal, True),
		(w.head, True),
		(w.own, False),
		(w.credit, False),
		(w.other, False),
	]:
		download = get(w.http[user], w.licence_url)
		assert download.ok == allowed and ("91310000MA1K123456" in download.text) == allowed, user
		record = get(w.http[user], f"/api/resource/File/{w.licence}")
		assert record.ok == allowed, (user, record.status_code)
		listed = get(w.http[user], "/api/resource/File", filters=json.dumps({"name": w.licence}))
		assert (w.licence in names_in_list(listed)) == allowed, (user, listed.text[:200])
	# the brand file's attachment stays readable by the client's own team
	assert get(w.http[w.own], w.file_url).ok


def test_a_credit_reviewer_reads_no_contract_and_legal_reads_it(world):
	w = world
	path = f"/api/resource/Contract/{quote(w.contract)}"
	assert get(w.http[w.credit], path).status_code in (403, 404)
	assert (
		w.contract not in names_in_list(get(w.http[w.credit], "/api/resource/Contract"))
		if get(w.http[w.credit], "/api/resource/Contract").ok
		else True
	)
	assert get(w.http[w.legal], path).ok
	assert get(w.http[w.own], path).ok
	assert get(w.http[w.legal], f"/api/resource/Brand File/{quote(w.brand_file)}").status_code in (403, 404)
	assert get(w.http[w.credit], f"/api/resource/Brand File/{quote(w.brand_file)}").status_code in (403, 404)


def test_the_client_fact_book_prints_with_its_chinese_text(world):
	from pypdf import PdfReader

	w = world

	def pdf_text(response) -> str:
		# NFKC: the PDF's text layer names some CJK glyphs by their Kangxi-radical code points (⾠ for 辰)
		pages = PdfReader(io.BytesIO(response.content)).pages
		return unicodedata.normalize("NFKC", "".join(page.extract_text() for page in pages))

	own = get(w.http[w.own], PDF, doctype="Customer", name=w.client, format="Client Fact Book", language="zh")
	assert own.ok and own.headers["Content-Type"].startswith("application/pdf"), own.text[:300]
	text = pdf_text(own)
	assert "实情手册" in text and "华辰饮料" in text and "王建国" in text  # 户 may be read back as 戶
	assert "农夫山泉" in text  # the brand file's competitors, for the client's own team
	other = get(
		w.http[w.other], PDF, doctype="Customer", name=w.client, format="Client Fact Book", language="zh"
	)
	assert other.ok
	other_text = pdf_text(other)
	assert "华辰饮料" in other_text and "农夫山泉" not in other_text


# --- handover and bad input over HTTP --------------------------------------------------------------------

SIGN = "/api/method/agency_service.api.signoff.sign_document"


@pytest.fixture(scope="module")
def handover_world(live_server, live_data):
	from tests.archive_factories import make_open_items

	h = live_staff(
		live_data, **dict.fromkeys(("old", "new", "gone"), "Account Manager"), head=READERS["head"]
	)
	frappe.db.set_value("User", h.gone, "enabled", 0)
	client = live_data.add(make_client(account_manager=h.old))
	h.client = client.name
	items = make_open_items(client.name, h.old, count=2)
	for doctype, key in (("Client Visit", "visits"), ("Client Complaint", "complaints"), ("ToDo", "todos")):
		for name in items[key]:
			live_data.add(frappe.get_doc(doctype, name))
	h.open_items = items
	brand_file, contacts = make_brand_file(client.name, h.old)
	live_data.add(brand_file)
	h.brand_file = brand_file.name
	h.contacts = [c.name for c in contacts]
	for contact in contacts:
		live_data.add(contact)
	live_data.commit()
	h.http = {user: api_session(live_server, user) for user in (h.old, h.new, h.head)}
	yield h
	frappe.db.rollback()
	frappe.db.delete("Client Keeper Period", {"customer": h.client})  # written by the handover
	frappe.db.commit()


def test_a_handover_signed_over_http_moves_the_clients_open_items(handover_world, live_data):
	h = handover_world
	head = h.http[h.head]
	payload = {
		"customer": h.client,
		"team_role": "Account Manager",
		"outgoing_user": h.old,
		"incoming_user": h.new,
		"reason": "客户经理调往华南区",
	}
	created = post(head, "/api/resource/Client Handover", {"data": json.dumps(payload)})
	assert created.ok, created.text[:500]
	doc = created.json()["data"]
	live_data.add(frappe._dict(doctype="Client Handover", name=doc["name"]))
	name = doc["name"]

	def stored():
		frappe.db.rollback()
		return frappe.db.get_value("Client Handover", name, ["status", "incoming_user", "items_moved"])

	# a doctored form, a direct set_value or a hook called by name never hands the client over
	handed = {**doc, "status": "Handed Over", "items_moved": 99}
	for path, data in [
		("/api/method/frappe.desk.form.save.savedocs", {"doc": json.dumps(handed), "action": "Save"}),
		("/api/method/run_doc_method", {"method": "submit_for_signoff", "docs": json.dumps(handed)}),
		("/api/method/run_doc_method", {"dt": "Client Handover", "dn": name, "method": "apply_handover"}),
		(
			"/api/method/run_doc_method",
			{
				"dt": "Client Handover",
				"dn": name,
				"method": "on_signoff_approved",
				"args": '{"purpose": "handover"}',
			},
		),
		(
			"/api/method/frappe.client.set_value",
			{"doctype": "Client Handover", "name": name, "fieldname": "status", "value": "Handed Over"},
		),
	]:
		assert post(head, path, data).status_code >= 400, path
		assert stored() == ("Draft", h.new, 0), path
	assert frappe.db.get_value("Customer", h.client, "account_manager") == h.old
	for row in doc["checklist"]:
		row["done"] = 1
	saved = head.put(
		head.base_url + f"/api/resource/Client Handover/{doc['name']}",
		data={"data": json.dumps({"checklist": doc["checklist"]})},
		timeout=60,
	)
	assert saved.ok, saved.text[:500]
	submitted = post(
		head,
		"/api/method/run_doc_method",
		{"dt": "Client Handover", "dn": doc["name"], "method": "submit_for_signoff"},
	)
	assert submitted.ok, submitted.text[:500]
	# once submitted, the successor named in it cannot be swapped in a doctored save
	current = get(head, f"/api/resource/Client Handover/{name}").json()["data"]
	swapped = {**current, "incoming_user": h.head}
	response = post(
		head, "/api/method/frappe.desk.form.save.savedocs", {"doc": json.dumps(swapped), "action": "Save"}
	)
	assert response.status_code >= 400 and stored() == ("Awaiting Sign-off", h.new, 0)
	for user in (h.old, h.new, h.head):
		signed = post(
			h.http[user], SIGN, {"doctype": "Client Handover", "name": doc["name"], "decision": "Approved"}
		)
		assert signed.ok, signed.text[:500]
	frappe.db.rollback()
	assert frappe.db.get_value("Client Handover", doc["name"], "status") == "Handed Over"
	assert frappe.db.get_value("Customer", h.client, "account_manager") == h.new
	assert {
		frappe.db.get_value("Client Complaint", n, "account_manager") for n in h.open_items["complaints"]
	} == {h.new}
	assert {frappe.db.get_value("ToDo", n, "allocated_to") for n in h.open_items["todos"]} == {h.new}
	# the new account manager now reads the brand file; the old one no longer does
	brand_file = f"/api/resource/Brand File/{quote(h.brand_file)}"
	assert get(h.http[h.new], brand_file).ok
	assert get(h.http[h.old], brand_file).status_code in (403, 404)


def test_bad_input_over_http_gets_a_clear_message(handover_world):
	h = handover_world
	head = h.http[h.head]
	to_disabled = post(
		head,
		"/api/resource/Client Handover",
		{
			"data": json.dumps(
				{
					"customer": h.client,
					"team_role": "Account Manager",
					"outgoing_user": frappe.db.get_value("Customer", h.client, "account_manager"),
					"incoming_user": h.gone,
					"reason": "休假",
				}
			)
		},
	)
	assert to_disabled.status_code == 417 and "disabled" in to_disabled.text
	tier = head.put(
		head.base_url + "/api/resource/Client Tier/Key Client",
		data={"data": json.dumps({"brand_file_review_days": 0})},
		timeout=60,
	)
	assert tier.status_code == 417 and "positive number of days" in tier.text
	people = [
		{"contact": h.contacts[0], "reports_to": h.contacts[2]},
		{"contact": h.contacts[1], "reports_to": h.contacts[0]},
		{"contact": h.contacts[2], "reports_to": h.contacts[1]},
	]
	cycle = head.put(
		head.base_url + f"/api/resource/Brand File/{quote(h.brand_file)}",
		data={"data": json.dumps({"people": people})},
		timeout=60,
	)
	assert cycle.status_code == 417 and "reporting cycle" in cycle.text
