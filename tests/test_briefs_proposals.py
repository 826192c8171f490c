"""Brief intake and proposals (提案), over real HTTP where a person acts: the brief's rules (a media
brief's two weeks, no empty requirement, a known priority), the client's requirement list on the portal,
a proposal presented only after its rehearsal as stored, won / lost with a reason, no program attached —
and another client reaches none of it, by any way in, with nothing changed."""

import json
from urllib.parse import quote

import frappe
import pytest
from frappe.utils import add_days, add_to_date, now_datetime, nowdate

from agency_service.agency_service.doctype.client_work_order.client_work_order import WorkOrderError
from agency_service.delivery.attachments import ExecutableAttachmentError, is_executable
from agency_service.delivery.briefs import BriefError, LeadTimeError
from agency_service.delivery.proposals import NotRehearsedError
from tests.factories import (
	approve_content,
	dispatch_team,
	make_client,
	make_contact,
	make_user,
	make_work_order,
	staff,
)
from tests.live_server import api_session
from tests.test_work_portal import PASSWORD, dispatched
from tests.test_work_portal import browser as portal_session

BRIEFS = "/api/method/agency_service.api.briefs."
RUN = "/api/method/run_doc_method"
SAVEDOCS = "/api/method/frappe.desk.form.save.savedocs"
PDF = (  # a one-page PDF (Frappe reads an uploaded PDF)
	b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\n/Producer (pypdf)\n>>\nendobj\n2 0 obj\n<<\n/Type /Pages\n"
	b"/Count 1\n/Kids [ 4 0 R ]\n>>\nendobj\n3 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n4 0 obj\n"
	b"<<\n/Type /Page\n/Resources <<\n>>\n/MediaBox [ 0.0 0.0 72 72 ]\n/Parent 2 0 R\n>>\nendobj\nxref\n0 5\n"
	b"0000000000 65535 f \n0000000015 00000 n \n0000000054 00000 n \n0000000113 00000 n \n"
	b"0000000162 00000 n \ntrailer\n<<\n/Size 5\n/Root 3 0 R\n/Info 1 0 R\n>>\nstartxref\n254\n%%EOF\n"
)
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"PE\x00\x00"


@pytest.fixture(scope="module")
def world(live_server, live_data):
	w = frappe._dict(url=live_server)
	w.update(dispatch_team())
	w.manager = staff("Account Manager")
	for user in (w.ae, w.director, w.head, w.manager):
		live_data.add(frappe.get_doc("User", user))
	for side in ("a", "b"):
		client = live_data.add(
			make_client(
				client_tier="Key Client",
				account_director=w.director,
				account_executive=w.ae,
				account_manager=w.manager,
			)
		)
		user = make_user("Customer", password=PASSWORD)
		live_data.add(frappe.get_doc("User", user))
		live_data.add(make_contact(client.name, user=user, email_ids=[{"email_id": user, "is_primary": 1}]))
		order = dispatched(w, client.name, live_data, title=f"{side.upper()} 春季媒介计划")
		brief = live_data.add(make_brief(order.name, owner=w.ae))
		w[side] = frappe._dict(client=client.name, user=user, order=order.name, brief=brief.name)
	if not frappe.db.exists("File", "Home"):  # where uploads go (a site without it refuses them)
		from frappe.core.doctype.file.utils import make_home_folder

		make_home_folder()
		live_data.records += [("File", "Home/Attachments"), ("File", "Home")]
	live_data.commit()
	w.sessions = {w.ae: api_session(live_server, w.ae)}
	for side in ("a", "b"):
		w.sessions[w[side].user] = api_session(live_server, w[side].user)
	return w


def make_brief(work_order, owner=None, **kw):
	values = {
		"doctype": "Client Brief",
		"work_order": work_order,
		"brief_type": kw.pop("brief_type", "Media Brief"),
		"briefed_on": nowdate(),
		"needed_by": kw.pop("needed_by", add_days(nowdate(), 21)),
		"objective": "春季新品上市期间品牌认知度提升 20%",
		"audience": "一二线城市 25–35 岁女性",
		"proposition": "轻盈一整天",
		"mandatories": "品牌标识与“新品”字样",
		"budget": 120000,
		"timing": "3 月上旬上线，投放 6 周",
		"approvals_needed": "客户市场总监",
		"requirements": kw.pop("requirements", [{"requirement": "抖音开屏", "priority": "Must"}]),
		**kw,
	}
	if owner:
		frappe.set_user(owner)
	try:
		return frappe.get_doc(values).insert()
	finally:
		frappe.set_user("Administrator")


def http(world, user, method, path, **kw):
	session = world.sessions[user]
	return session.request(method, world.url + path, timeout=60, **kw)


def brief_footprint(name):
	frappe.db.rollback()
	return (
		frappe.db.get_value("Client Brief", name, "modified"),
		frappe.db.count("Client Brief Requirement", {"parent": name}),
		frappe.db.count("File", {"attached_to_doctype": "Client Brief", "attached_to_name": name}),
	)


def proposal_footprint(name):
	frappe.db.rollback()
	return (
		frappe.db.get_value("Client Proposal", name, ["modified", "status", "client_decision"]),
		frappe.db.count("Client Proposal Rehearsal", {"parent": name}),
		frappe.db.count("File", {"attached_to_doctype": "Client Proposal", "attached_to_name": name}),
	)


def make_proposal(world, live_data, side="a", **kw):
	proposal = frappe.get_doc(
		{
			"doctype": "Client Proposal",
			"work_order": world[side].order,
			"title": kw.pop("title", "春季整合传播提案"),
			"brief": world[side].brief,
			**kw,
		}
	)
	frappe.set_user(world.ae)
	try:
		proposal.insert()
	finally:
		frappe.set_user("Administrator")
	live_data.add(proposal)
	frappe.db.commit()  # nosemgrep: the server reads it
	return proposal


def upload(world, user, doctype, name, file_name, content, content_type="application/octet-stream"):
	return http(
		world,
		user,
		"POST",
		"/api/method/upload_file",
		data={"doctype": doctype, "docname": name, "is_private": 1},
		files={"file": (file_name, content, content_type)},
	)


# --- the brief --------------------------------------------------------------------------------------


def test_a_brief_is_checked_lead_time_requirements_priorities(world):
	order = world.a.order
	with pytest.raises(LeadTimeError, match="at least 14 days"):
		make_brief(order, owner=world.ae, needed_by=add_days(nowdate(), 5))
	# the same two weeks the work order asks of a media plan: one rule, read by both
	with pytest.raises(WorkOrderError, match="at least 14 days"):
		frappe.get_doc(
			{
				"doctype": "Client Work Order",
				"customer": world.a.client,
				"work_order_type": "Media Plan",
				"title": "急单",
				"deadline": add_days(nowdate(), 5),
				"company": frappe.db.get_value("Company", {}, "name"),
				"brief": "x",
				"target_departments": [{"department": "Media"}],
			}
		).insert()
	with pytest.raises(LeadTimeError, match="at least 14 days"):  # any brief of a media plan
		make_brief(order, owner=world.ae, brief_type="Creative Brief", needed_by=add_days(nowdate(), 5))
	direction = make_work_order(world.a.client, work_order_type="Creative Direction", title="创意方向")
	creative = make_brief(
		direction.name, owner=world.ae, brief_type="Creative Brief", needed_by=add_days(nowdate(), 5)
	)
	assert creative.brief_type == "Creative Brief"  # a creative brief has no two-week rule
	with pytest.raises(BriefError, match="cannot be in the past"):  # no lead time written back
		make_brief(
			order, owner=world.ae, briefed_on=add_days(nowdate(), -10), needed_by=add_days(nowdate(), 5)
		)
	with pytest.raises(BriefError, match="write what the client needs"):
		make_brief(order, owner=world.ae, requirements=[{"requirement": "  ", "priority": "Must"}])
	with pytest.raises(BriefError, match="the priority is one of"):
		make_brief(order, owner=world.ae, requirements=[{"requirement": "小红书", "priority": "Urgent"}])
	# who submitted a requirement is the portal's stamp, not something staff type in
	frappe.set_user(world.ae)
	creative.append("requirements", {"requirement": "假装客户提的", "priority": "Must", "from_client": 1})
	with pytest.raises(BriefError, match="recorded by the portal only"):
		creative.save()

	frappe.set_user("Administrator")
	frappe.db.rollback()  # the server takes the next brief number: release it

	# the same rules over REST, as the account executive works in the desk
	bad = {
		"work_order": order,
		"brief_type": "Media Brief",
		"briefed_on": nowdate(),
		"needed_by": add_days(nowdate(), 30),
		"objective": "x",
	}
	for values, message in (
		({"needed_by": add_days(nowdate(), 7)}, "at least 14 days"),
		({"requirements": [{"requirement": "", "priority": "Must"}]}, "write what the client needs"),
		({"requirements": [{"requirement": "户外", "priority": "ASAP"}]}, "the priority is one of"),
	):
		response = http(world, world.ae, "POST", "/api/resource/Client Brief", json={**bad, **values})
		assert response.status_code == 417, response.text[:300]
		assert message in response.text
	frappe.db.rollback()
	assert frappe.db.count("Client Brief", {"work_order": order}) == 1


def test_a_client_submits_its_requirement_list_on_the_portal(world, live_data):
	url, a = world.url, world.a
	http_a = portal_session(url, a.user)
	page = http_a.get(f"{url}/work/{quote(a.order)}", timeout=60)
	assert page.status_code == 200 and "抖音开屏" in page.text and "agency-requirements-form" in page.text
	before = brief_footprint(a.brief)
	for rows, message in (
		([{"requirement": " ", "priority": "Must"}], "write what the client needs"),
		([{"requirement": "微信朋友圈", "priority": "Critical"}], "the priority is one of"),
		([], "at least one requirement"),
		("not json", "is not valid"),
	):
		data = {"name": a.order, "requirements": rows if isinstance(rows, str) else json.dumps(rows)}
		response = http_a.post(f"{url}{BRIEFS}submit_requirements", data=data, timeout=60)
		assert response.status_code == 417 and message in response.text, response.text[:300]
	# a program among the files: nothing is stored, neither the rows nor any file
	for name, content, kind in (
		("setup.exe", PDF, "application/pdf"),
		("brief.pdf", PROGRAM, "application/pdf"),
		("brief.pdf", PDF, "application/x-msdownload"),
	):
		response = http_a.post(
			f"{url}{BRIEFS}submit_requirements",
			data={
				"name": a.order,
				"requirements": json.dumps([{"requirement": "户外大屏", "priority": "Could"}]),
			},
			files={"attachments": (name, content, kind)},
			timeout=60,
		)
		assert response.status_code == 417 and "executable files cannot be attached" in response.text
	assert brief_footprint(a.brief) == before

	rows = [
		{"requirement": "小红书达人种草", "priority": "Must"},
		{"requirement": "地铁灯箱", "priority": "Could"},
	]
	response = http_a.post(
		f"{url}{BRIEFS}submit_requirements",
		data={"name": a.order, "requirements": json.dumps(rows)},
		files={"attachments": ("参考.pdf", PDF, "application/pdf")},
		timeout=60,
	)
	assert response.ok and response.json()["message"] == 2, response.text[:300]
	frappe.db.rollback()
	live_data.records += [
		("File", f)
		for f in frappe.get_all(
			"File", {"attached_to_doctype": "Client Brief", "attached_to_name": a.brief}, pluck="name"
		)
	]
	brief = frappe.get_doc("Client Brief", a.brief)
	added = [(r.requirement, r.priority, r.from_client, r.submitted_by) for r in brief.requirements[-2:]]
	assert added == [("小红书达人种草", "Must", 1, a.user), ("地铁灯箱", "Could", 1, a.user)]
	assert brief.requirements_submitted_by == a.user and brief.requirements_submitted_at
	assert "小红书达人种草" in http_a.get(f"{url}/work/{quote(a.order)}", timeout=60).text


# --- the proposal -----------------------------------------------------------------------------------


def test_a_proposal_is_presented_only_after_its_rehearsal_and_a_pitch_is_won_or_lost_with_a_reason(
	world, live_data
):
	proposal = make_proposal(world, live_data, is_pitch=1)
	name = proposal.name
	response = upload(world, world.ae, "Client Proposal", name, "提案.pdf", PDF, "application/pdf")
	assert response.ok, response.text[:300]
	document = response.json()["message"]["file_url"]
	live_data.records.append(("File", response.json()["message"]["name"]))
	response = http(
		world, world.ae, "PUT", f"/api/resource/Client Proposal/{name}", json={"proposal_document": document}
	)
	assert response.ok, response.text[:300]

	def run(method, **args):
		data = {"dt": "Client Proposal", "dn": name, "method": method, "args": json.dumps(args)}
		return http(world, world.ae, "POST", RUN, data=data)

	# not rehearsed: refused, whatever the form claims
	response = run("present_to_client")
	assert response.status_code == 417 and "This cannot be done while the proposal is" in response.text
	stored = frappe.get_doc("Client Proposal", name).as_dict(convert_dates_to_str=True)
	doctored = {
		**stored,
		"status": "Rehearsed",
		"rehearsals": [
			{
				"doctype": "Client Proposal Rehearsal",
				"rehearsed_on": str(now_datetime()),
				"attendees": "我",
				"feedback": "很好",
			}
		],
	}
	before = proposal_footprint(name)
	for path, data in (
		(RUN, {"docs": json.dumps(doctored, default=str), "method": "present_to_client"}),
		(SAVEDOCS, {"doc": json.dumps(doctored, default=str), "action": "Save"}),
	):
		response = http(world, world.ae, "POST", path, data=data)
		assert 400 <= response.status_code < 500, (path, response.text[:300])
	response = http(
		world,
		world.ae,
		"PUT",
		f"/api/resource/Client Proposal/{name}",
		json={"rehearsals": doctored["rehearsals"]},
	)
	assert response.status_code == 417 and "Record Rehearsal" in response.text
	assert proposal_footprint(name) == before
	# the rule reads the stored records, even when the status were set some other way
	frappe.db.set_value("Client Proposal", name, "status", "Rehearsed")
	with pytest.raises(NotRehearsedError):
		frappe.set_user(world.ae)
		frappe.get_doc("Client Proposal", name).present_to_client()
	frappe.db.rollback()
	frappe.set_user("Administrator")

	# rehearsed (who, when, feedback): then presented at the pitch meeting
	an_hour_ago, later = str(add_to_date(now_datetime(), hours=-1)), str(add_to_date(now_datetime(), hours=2))
	for when, feedback, message in (
		(later, "y", "after it took place"),
		(an_hour_ago, "", "Feedback is needed"),
	):
		response = run("record_rehearsal", rehearsed_on=when, attendees="王总监、李文案", feedback=feedback)
		assert response.status_code == 417 and message in response.text, response.text[:300]
	response = run(
		"record_rehearsal",
		rehearsed_on=an_hour_ago,
		attendees="王总监、李文案",
		feedback="开场过长，数据页要精简",
	)
	assert response.ok, response.text[:300]
	response = run(
		"plan_pitch_meeting", visit_start=str(add_to_date(now_datetime(), days=2)), channel="At Our Agency"
	)
	assert response.ok, response.text[:300]
	visit = response.json()["message"]
	live_data.records.append(("Client Visit", visit))
	frappe.db.rollback()
	meeting = frappe.db.get_value(
		"Client Visit", visit, ["customer", "work_order", "client_proposal", "purpose"], as_dict=True
	)
	assert (meeting.customer, meeting.work_order, meeting.client_proposal) == (
		world.a.client,
		world.a.order,
		name,
	)
	assert meeting.purpose.startswith("Pitch")
	live_data.records += [
		("ToDo", t) for t in frappe.get_all("ToDo", {"reference_name": visit}, pluck="name")
	]
	live_data.records += [
		("Event", e) for e in frappe.get_all("Event", {"reference_docname": visit}, pluck="name")
	]
	response = run("present_to_client")
	assert response.ok, response.text[:300]
	frappe.db.rollback()
	doc = frappe.get_doc("Client Proposal", name)
	assert (doc.status, doc.presented_by, doc.pitch_visit) == ("Presented", world.ae, visit)
	assert len(doc.rehearsals) == 1 and doc.rehearsals[0].recorded_by == world.ae

	# a pitch is won or lost, with the reason
	for args, message in (
		({"decision": "Lost"}, "why the pitch was lost"),
		({"decision": "Won", "reason": " "}, "why the pitch was won"),
		({"decision": "Approved", "reason": "x"}, "The decision is one of"),
	):
		response = run("record_decision", **args)
		assert response.status_code == 417 and message in response.text, response.text[:300]
	response = run("record_decision", decision="Lost", reason="报价高于竞争对手 15%")
	assert response.ok, response.text[:300]
	frappe.db.rollback()
	assert frappe.db.get_value("Client Proposal", name, ["status", "client_decision", "decision_reason"]) == (
		"Lost",
		"Lost",
		"报价高于竞争对手 15%",
	)


def test_the_work_orders_proposal_is_rehearsed_presented_and_confirmed_by_the_client_on_the_portal(
	world, live_data
):
	from agency_service.signoff.engine import sign

	b = world.b
	order = frappe.get_doc("Client Work Order", b.order)
	legal = staff("Legal Reviewer")
	live_data.add(frappe.get_doc("User", legal))
	live_data.records.append(("Ad Content Review", approve_content(order, world.ae, legal)))
	frappe.set_user(world.ae)
	order.mark_delivered()
	order.request_acceptance()
	for user in (world.director, world.head):
		frappe.set_user(user)
		sign("Client Work Order", b.order, "Approved")
	frappe.set_user("Administrator")
	proposal = make_proposal(world, live_data, side="b", proposal_document="/private/files/proposal.pdf")
	# the work order is not proposed while its recorded proposal has not been rehearsed
	frappe.set_user(world.ae)
	with pytest.raises(NotRehearsedError):
		frappe.get_doc("Client Work Order", b.order).propose_to_client()
	proposal = frappe.get_doc("Client Proposal", proposal.name)
	proposal.record_rehearsal(str(add_to_date(now_datetime(), minutes=-30)), "张经理", "结构清楚")
	frappe.get_doc("Client Proposal", proposal.name).present_to_client()
	frappe.set_user("Administrator")
	frappe.db.commit()  # nosemgrep: the server reads it
	assert frappe.db.get_value("Client Work Order", b.order, "status") == "Proposed to Client"

	# the client confirms it in writing on the portal: the one confirmation moves both records
	http_b = portal_session(world.url, b.user)
	detail = http_b.get(
		f"{world.url}/api/method/agency_service.api.work.get_work_order", params={"name": b.order}, timeout=60
	).json()["message"]
	item = next(i for i in detail["to_confirm"] if i["kind"] == "Proposal")
	response = http_b.post(
		f"{world.url}/api/method/agency_service.api.work.confirm",
		data={"name": b.order, "version": item["version"], "decision": "Confirmed"},
		timeout=60,
	)
	assert response.ok, response.text[:300]
	live_data.records.append(("Client Confirmation", response.json()["message"]))
	frappe.db.rollback()
	live_data.records += [
		("Survey Invitation", s)
		for s in frappe.get_all("Survey Invitation", {"reference_name": b.order}, pluck="name")
	]
	assert frappe.db.get_value("Client Work Order", b.order, "status") == "Client Approved"
	assert frappe.db.get_value("Client Proposal", proposal.name, ["status", "client_decision"]) == (
		"Approved",
		"Approved",
	)


# --- no program attached ----------------------------------------------------------------------------


def test_an_executable_is_refused_from_the_desk_upload(world, live_data):
	proposal = make_proposal(world, live_data, title="附件测试")
	before = proposal_footprint(proposal.name)
	for file_name, content, kind in (
		("proposal.exe", PDF, "application/octet-stream"),
		("提案.pdf", PROGRAM, "application/pdf"),  # a program named like a document
		("提案.pdf", PDF, "application/x-msdownload"),  # sent as a program
		("install.sh", b"#!/bin/sh\nrm -rf /\n", "text/plain"),
	):
		for doctype, name in (("Client Proposal", proposal.name), ("Client Brief", world.a.brief)):
			response = upload(world, world.ae, doctype, name, file_name, content, kind)
			assert response.status_code == 417, (file_name, kind, response.text[:300])
			assert "executable files cannot be attached" in response.text
	assert proposal_footprint(proposal.name) == before
	response = http(
		world,
		world.ae,
		"PUT",
		f"/api/resource/Client Proposal/{proposal.name}",
		json={"proposal_document": "/private/files/setup.exe"},
	)
	assert response.status_code == 417 and "executable files cannot be attached" in response.text
	assert proposal_footprint(proposal.name) == before
	with pytest.raises(ExecutableAttachmentError):
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "tool.EXE",
				"attached_to_doctype": "Client Brief",
				"attached_to_name": world.a.brief,
				"content": PDF,
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
	assert not is_executable("报价.xlsx", b"PK\x03\x04", "application/vnd.ms-excel")


# --- another client ---------------------------------------------------------------------------------


def test_another_client_reaches_no_brief_or_proposal_and_changes_nothing(world, live_data):
	a, b = world.a, world.b
	proposal = make_proposal(world, live_data, title="跨客户测试")
	brief = frappe.get_doc("Client Brief", a.brief).as_dict(convert_dates_to_str=True)
	doctored_brief = {
		**brief,
		"objective": "被篡改",
		"requirements": [
			*brief["requirements"],
			{"requirement": "x", "priority": "Must", "doctype": "Client Brief Requirement"},
		],
	}
	stored = frappe.get_doc("Client Proposal", proposal.name).as_dict(convert_dates_to_str=True)
	doctored = {**stored, "status": "Rehearsed", "title": "被篡改"}
	rows = json.dumps([{"requirement": "跨客户", "priority": "Must"}])
	attempts = []
	for user in (b.user,):
		attempts += [
			(user, "GET", f"/api/resource/Client Brief/{a.brief}", {}),
			(user, "GET", "/api/resource/Client Brief", {}),
			(user, "PUT", f"/api/resource/Client Brief/{a.brief}", {"json": {"objective": "被篡改"}}),
			(user, "DELETE", f"/api/resource/Client Brief/{a.brief}", {}),
			(user, "POST", "/api/resource/Client Brief", {"json": {**doctored_brief, "name": None}}),
			(user, "GET", f"/api/resource/Client Proposal/{proposal.name}", {}),
			(user, "GET", "/api/resource/Client Proposal", {}),
			(user, "PUT", f"/api/resource/Client Proposal/{proposal.name}", {"json": {"title": "被篡改"}}),
			(
				user,
				"GET",
				"/api/method/frappe.client.get_value",
				{"params": {"doctype": "Client Brief", "filters": a.brief, "fieldname": "objective"}},
			),
			(
				user,
				"GET",
				"/api/method/frappe.client.get_list",
				{"params": {"doctype": "Client Proposal", "fields": '["name","title"]'}},
			),
			(
				user,
				"POST",
				"/api/method/frappe.client.set_value",
				{
					"data": {
						"doctype": "Client Brief",
						"name": a.brief,
						"fieldname": "objective",
						"value": "x",
					}
				},
			),
			(
				user,
				"POST",
				"/api/method/frappe.client.insert",
				{
					"data": {
						"doc": json.dumps({"doctype": "Client Proposal", "work_order": a.order, "title": "x"})
					}
				},
			),
			(
				user,
				"POST",
				RUN,
				{
					"data": {
						"dt": "Client Proposal",
						"dn": proposal.name,
						"method": "record_rehearsal",
						"args": json.dumps({"rehearsed_on": nowdate(), "attendees": "x", "feedback": "y"}),
					}
				},
			),
			(
				user,
				"POST",
				RUN,
				{"data": {"docs": json.dumps(doctored, default=str), "method": "present_to_client"}},
			),
			(user, "POST", SAVEDOCS, {"data": {"doc": json.dumps(doctored, default=str), "action": "Save"}}),
			(
				user,
				"POST",
				SAVEDOCS,
				{"data": {"doc": json.dumps(doctored_brief, default=str), "action": "Save"}},
			),
			(user, "GET", f"{BRIEFS}get_brief", {"params": {"name": a.order}}),
			(user, "POST", f"{BRIEFS}submit_requirements", {"data": {"name": a.order, "requirements": rows}}),
			(
				user,
				"POST",
				"/api/method/upload_file",
				{
					"data": {"doctype": "Client Brief", "docname": a.brief, "is_private": 1},
					"files": {"file": ("x.pdf", PDF, "application/pdf")},
				},
			),
		]

	def footprint():
		return brief_footprint(a.brief), proposal_footprint(proposal.name)

	before = footprint()
	for user, method, path, kw in attempts:
		response = http(world, user, method, path, **kw)
		assert 400 <= response.status_code < 500 or (
			method == "GET"
			and response.ok
			and a.brief not in response.text
			and proposal.name not in response.text
		), (method, path, response.status_code, response.text[:300])
		assert "春季新品上市" not in response.text and "跨客户测试" not in response.text, (method, path)
		assert footprint() == before, (method, path)
	# the portal answers like an unknown work order: no oracle
	missing = http(world, b.user, "GET", f"{BRIEFS}get_brief", params={"name": "WO-NOPE-00001"})
	mine = http(world, b.user, "GET", f"{BRIEFS}get_brief", params={"name": a.order})
	assert missing.status_code == mine.status_code == 404 and missing.json() == mine.json()
	# and a staff member's doctored form (a rehearsal that never took place) is refused as well
	response = http(
		world,
		world.ae,
		"POST",
		RUN,
		data={"docs": json.dumps(doctored, default=str), "method": "present_to_client"},
	)
	assert 400 <= response.status_code < 500, response.text[:300]
	assert footprint() == before
