"""Random sequences of real actions on work orders over the REST API, with the sign-off invariants checked
after every step (Hypothesis state machine).

Actions: create, submit for dispatch, sign, reject, sign on behalf, delegate, change the client's account
director, cancel, change an approver, and every lifecycle method — with the stored form or a doctored
copy — each by a random user. After each step:

* a status past a sign-off is reached only with every required signature of that round;
* a work order has at most one open request, and it is the one it points at;
* every open step has someone who can sign or reject it;
* a refused call changed nothing; no call answers 5xx.

``AGENCY_SIGNOFF_SEQUENCES`` sets the number of sequences (default 500, as CI runs it).
"""

import json
import os

import frappe
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from agency_service.signoff.rules import can_complete, excluded_signers, row_lines, step_is_complete
from tests.factories import make_client, staff
from tests.live_server import api_session

SEQUENCES = int(os.environ.get("AGENCY_SIGNOFF_SEQUENCES", "500"))
API = "/api/method/agency_service.api.signoff."
RUN = "/api/method/run_doc_method"
PAST_DISPATCH = (
	"In Progress",
	"Delivered",
	"Awaiting Acceptance Sign-off",
	"Accepted",
	"Proposed to Client",
	"Client Approved",
	"Revision Requested",
	"Archived",
)
PAST_ACCEPTANCE = ("Accepted", "Proposed to Client", "Client Approved", "Archived")
STATUSES = ("Draft", "Awaiting Dispatch Sign-off", *PAST_DISPATCH)
ACTIONS = {
	"submit_for_dispatch": {},
	"mark_delivered": {},
	"request_acceptance": {},
	"propose_to_client": {},
	"record_client_decision": {"decision": "Approved"},
	"archive": {"evaluation_notes": "<p>Done</p>"},
}


@pytest.fixture(scope="module")
def crew(live_server, live_data):
	c = frappe._dict(
		ae=staff("Account Executive"),
		manager=staff("Account Manager"),
		director=staff("Account Director"),
		director2=staff("Account Director"),
		head=staff("Client Service Head"),
		lead=staff("Department Lead"),
		boss=staff("Agency Management"),
	)
	for user in c.values():
		live_data.add(frappe.get_doc("User", user))
	c.people = sorted(c.values())
	client = live_data.add(
		make_client(account_director=c.director, account_manager=c.manager, client_tier="Key Client")
	)
	c.client = client.name
	live_data.commit()
	c.http = {user: api_session(live_server, user) for user in c.people}
	return c


def call(session, path, data):
	return session.request("POST", session.base_url + path, data=data, timeout=60)


def footprint(names):
	"""Everything a refused call must leave as it was."""
	frappe.db.rollback()
	docs = frappe.get_all(
		"Client Work Order",
		{"name": ("in", names or [""])},
		["name", "status", "signoff_status", "signoff_request", "modified", "budget"],
		order_by="name",
	)
	requests_ = frappe.get_all(
		"Sign-off Request",
		{"reference_name": ("in", names or [""])},
		["name", "status", "current_step_no", "pending_with", "modified"],
		order_by="name",
	)
	signatures = frappe.db.count("Sign-off Signature", {"reference_name": ("in", names or [""])})
	return docs, requests_, signatures


class SignoffMachine(RuleBasedStateMachine):
	crew = None
	live_data = None

	def __init__(self):
		super().__init__()
		self.orders: list[str] = []
		self.delegations: list[str] = []
		self.calls = 0

	def teardown(self):
		"""Each sequence starts from the same world: its delegations go, the client's director is back."""
		frappe.db.rollback()
		for name in self.delegations:
			frappe.delete_doc("Sign-off Delegation", name, ignore_permissions=True, force=True)
		frappe.db.set_value("Customer", self.crew.client, "account_director", self.crew.director)
		frappe.db.commit()

	# --- plumbing -------------------------------------------------------------------------------

	def post(self, user, path, data):
		before = footprint(self.orders)
		response = call(self.crew.http[user], path, data)
		self.calls += 1
		assert response.status_code < 500, (path, data, response.status_code, response.text[:800])
		if response.status_code >= 400:
			assert footprint(self.orders) == before, ("a refused call changed something", path, data)
		return response

	def new_order(self, work_order_type):
		response = self.crew.http[self.crew.ae].post(
			self.crew.http[self.crew.ae].base_url + "/api/resource/Client Work Order",
			data=json.dumps(
				{
					"customer": self.crew.client,
					"title": "State machine",
					"work_order_type": work_order_type,
					"deadline": frappe.utils.add_days(frappe.utils.nowdate(), 30),
					"company": frappe.db.get_value("Company", {}, "name"),
					"brief": "<p>Brief</p>",
					"budget": 1000,
					"target_departments": [{"department": "Media"}],
				}
			),
			timeout=60,
		)
		assert response.ok, response.text[:500]
		name = response.json()["data"]["name"]
		self.orders.append(name)
		self.live_data.records.append(("Client Work Order", name))

	# --- actions --------------------------------------------------------------------------------

	@initialize(work_order_type=st.sampled_from(["Media Plan", "Creative Direction"]))
	def start(self, work_order_type):
		self.new_order(work_order_type)
		self.post(
			self.crew.ae,
			RUN,
			{"dt": "Client Work Order", "dn": self.orders[0], "method": "submit_for_dispatch"},
		)

	@rule(work_order_type=st.sampled_from(["Media Plan", "Creative Direction"]))
	def create(self, work_order_type):
		if len(self.orders) < 2:
			self.new_order(work_order_type)

	@rule(data=st.data())
	def sign(self, data):
		order = data.draw(st.sampled_from(self.orders))
		user = data.draw(st.sampled_from(self.crew.people))
		decision = data.draw(st.sampled_from(["Approved", "Approved", "Rejected"]))
		comment = data.draw(st.sampled_from(["", "ok", "不同意"]))
		on_behalf = data.draw(st.sampled_from([None, None, *self.crew.people]))
		payload = {"doctype": "Client Work Order", "name": order, "decision": decision, "comment": comment}
		if on_behalf:
			payload["on_behalf_of"] = on_behalf
		self.post(user, API + "sign_document", payload)

	@rule(data=st.data())
	def delegate(self, data):
		delegator = data.draw(st.sampled_from([self.crew.director, self.crew.director2, self.crew.head]))
		delegate_to = data.draw(st.sampled_from(self.crew.people))
		response = self.crew.http[delegator].post(
			self.crew.http[delegator].base_url + "/api/resource/Sign-off Delegation",
			data=json.dumps(
				{
					"delegator": delegator,
					"delegate": delegate_to,
					"from_date": frappe.utils.add_days(frappe.utils.nowdate(), -1),
					"to_date": frappe.utils.add_days(frappe.utils.nowdate(), 3),
					"enabled": 1,
					"reason": "Away",
				}
			),
			timeout=60,
		)
		assert response.status_code < 500, response.text[:500]
		if response.ok:
			self.delegations.append(response.json()["data"]["name"])

	@rule(director=st.sampled_from(["director", "director2", "manager", "head"]))
	def edit_client_team(self, director):
		session = self.crew.http[self.crew.manager]
		response = session.put(
			f"{session.base_url}/api/resource/Customer/{self.crew.client}",
			data=json.dumps({"account_director": self.crew[director]}),
			timeout=60,
		)
		assert response.status_code < 500, response.text[:500]

	@rule(data=st.data())
	def cancel(self, data):
		order = data.draw(st.sampled_from(self.orders))
		user = data.draw(st.sampled_from(self.crew.people))
		reason = data.draw(st.sampled_from(["", "Campaign paused"]))
		self.post(
			user, API + "cancel_signoff", {"doctype": "Client Work Order", "name": order, "reason": reason}
		)

	@rule(data=st.data())
	def reassign(self, data):
		order = data.draw(st.sampled_from(self.orders))
		user = data.draw(st.sampled_from(self.crew.people))
		to = data.draw(st.sampled_from(self.crew.people))
		line = data.draw(st.sampled_from(["1", "2", "3", "9"]))
		self.post(
			user,
			API + "reassign_signoff_line",
			{"doctype": "Client Work Order", "name": order, "line": line, "user": to, "reason": "Away"},
		)

	@rule(data=st.data())
	def act(self, data):
		order = data.draw(st.sampled_from(self.orders))
		user = data.draw(st.sampled_from([self.crew.ae, self.crew.ae, *self.crew.people]))
		method = data.draw(st.sampled_from(sorted(ACTIONS)))
		payload = {"method": method, "args": json.dumps(ACTIONS[method])}
		if data.draw(st.booleans()):
			frappe.db.rollback()
			doc = frappe.get_doc("Client Work Order", order).as_dict(convert_dates_to_str=True)
			forged = data.draw(
				st.fixed_dictionaries(
					{},
					optional={
						"status": st.sampled_from(STATUSES),
						"signoff_status": st.sampled_from(["", "Pending", "Approved", "Rejected"]),
						"signoff_request": st.just(""),
					},
				)
			)
			payload["docs"] = json.dumps({**doc, **forged}, default=str)
		else:
			payload.update(dt="Client Work Order", dn=order)
		self.post(user, RUN, payload)

	# --- invariants -----------------------------------------------------------------------------

	@invariant()
	def signoffs_hold(self):
		frappe.db.rollback()
		for name in self.orders:
			check_order(frappe.get_doc("Client Work Order", name))


def approved_signatures(request_name, step_no):
	return frappe.get_all(
		"Sign-off Signature",
		{"request": request_name, "step_no": step_no, "decision": "Approved"},
		["signer", "on_behalf_of"],
	)


def fully_signed(request_name) -> bool:
	request = frappe.get_doc("Sign-off Request", request_name)
	if request.status != "Approved":
		return False
	return all(
		row.outcome == "Skipped"
		or (
			row.outcome == "Approved"
			and step_is_complete(row, row_lines(row), approved_signatures(request.name, row.step_no))
		)
		for row in request.steps
	)


def latest(doc, purpose):
	names = frappe.get_all(
		"Sign-off Request",
		{"reference_doctype": doc.doctype, "reference_name": doc.name, "purpose": purpose},
		pluck="name",
		order_by="cycle desc",
		limit=1,
	)
	return names[0] if names else None


def check_order(doc):
	if doc.status in PAST_DISPATCH:
		dispatch = frappe.get_all(
			"Sign-off Request",
			{"reference_name": doc.name, "purpose": "dispatch", "status": "Approved"},
			pluck="name",
		)
		assert dispatch and all(fully_signed(n) for n in dispatch), (
			doc.name,
			doc.status,
			"dispatch not signed",
		)
	if doc.status in PAST_ACCEPTANCE:
		acceptance = latest(doc, "acceptance")
		assert acceptance and fully_signed(acceptance), (doc.name, doc.status, "acceptance not signed")
	open_ = frappe.get_all(
		"Sign-off Request", {"reference_name": doc.name, "status": "Pending"}, pluck="name"
	)
	assert len(open_) <= 1, (doc.name, open_)
	if doc.signoff_status == "Pending":
		assert open_ == [doc.signoff_request], (doc.name, open_, doc.signoff_request)
	else:
		assert not open_, (doc.name, doc.signoff_status, open_)
	if open_:
		request = frappe.get_doc("Sign-off Request", open_[0])
		row = next(r for r in request.steps if r.step_no == request.current_step_no)
		lines = row_lines(row)
		signed = approved_signatures(request.name, row.step_no)
		excluded = excluded_signers(request, doc)
		pending = [u for u in (request.pending_with or "").split("\n") if u]
		assert pending, (doc.name, "an open step waits for nobody")
		assert not set(pending) & excluded, (doc.name, "the requester is asked to sign")
		assert all(frappe.db.get_value("User", u, "enabled") for u in pending)
		assert can_complete(row, lines, signed, excluded), (doc.name, "an open step nobody can finish")
		todos = set(
			frappe.get_all(
				"ToDo",
				{"reference_type": doc.doctype, "reference_name": doc.name, "status": "Open"},
				pluck="allocated_to",
			)
		)
		assert set(pending) <= todos, (doc.name, "an approver without a ToDo")
	elif doc.signoff_request:
		assert not frappe.get_all(
			"ToDo", {"reference_type": doc.doctype, "reference_name": doc.name, "status": "Open"}
		), (doc.name, "ToDos left open after the sign-off ended")


def test_random_sequences_keep_the_signoff_invariants(crew, live_data):
	SignoffMachine.crew, SignoffMachine.live_data = crew, live_data
	machines = []

	def factory():
		machine = SignoffMachine()
		machines.append(machine)
		return machine

	try:
		run_state_machine_as_test(
			factory,
			settings=settings(
				max_examples=SEQUENCES,
				stateful_step_count=6,
				deadline=None,
				derandomize=True,
				database=None,
				suppress_health_check=list(HealthCheck),
			),
		)
	finally:
		frappe.db.rollback()
		customer_projects = frappe.get_all("Project", {"customer": crew.client}, pluck="name")
		live_data.records.extend(("Project", p) for p in customer_projects)
		frappe.db.set_value("Customer", crew.client, "account_director", crew.director)
		frappe.db.commit()
	calls = sum(m.calls for m in machines)
	print(f"\n{len(machines)} random sequences, {calls} calls over HTTP, no invariant broken")
	assert len(machines) >= SEQUENCES
