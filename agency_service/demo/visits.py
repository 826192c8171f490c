"""Demo data for visits and the care calendar: one step appended to ``demo.DEMO_STEPS``.

Past visits with minutes, client feedback and action items (some done), one visit whose minutes are
overdue, the planner's upcoming visits, founding and cooperation dates, and this week's care reminders.
Idempotent: it does nothing when the demo clients already have visits.
"""

import datetime

import frappe
from frappe.utils import add_days, get_datetime, getdate, nowdate

from agency_service.care import reminders
from agency_service.demo.base import demo_customers
from agency_service.visits import minutes, planner, rules

TOPICS = (
	"季度投放效果复盘",
	"新品上市传播方案沟通",
	"年度广告计划预沟通",
	"创意提案反馈收集",
	"媒介排期确认",
	"市场调研结果汇报",
)
FEEDBACK = (
	"客户对上季度曝光量满意，希望加强短视频渠道。",
	"客户认可创意方向，要求下周前提供两版修改稿。",
	"客户关注预算使用效率，希望看到分渠道 ROI。",
	"客户对执行进度满意，提出增加线下活动的想法。",
)
ACTIONS = (
	"提交修改后的创意稿",
	"整理分渠道投放数据",
	"安排媒介部出具排期表",
	"发送会议纪要给客户确认",
	"预约下次拜访时间",
)
CHANNELS = ("On-Site at Client", "At Our Agency", "Video Meeting", "Phone Call")


def make_visits_and_care(rng):
	customers = demo_customers()
	if not customers or frappe.db.exists("Client Visit", {"customer": ("in", [c.name for c in customers])}):
		return
	today = getdate(nowdate())
	for index, customer in enumerate(customers):
		set_care_dates(rng, customer.name, today, index)
		for days_ago in sorted(rng.sample(range(8, 150), rng.randint(1, 3)), reverse=True):
			make_past_visit(rng, customer.name, add_days(today, -days_ago))
	# one visit held three days ago whose minutes are still missing
	make_visit_without_minutes(rng, customers[0].name, add_days(today, -3))
	minutes.flag_late_minutes()
	planner.plan_due_visits(today)
	reminders.send_care_reminders(today)


def set_care_dates(rng, customer: str, today: datetime.date, index: int):
	if index < 3:
		# a few anniversaries this week, so the care calendar has something to show
		founded = add_days(today, 2 + index).replace(year=rng.randint(1995, 2015))
	else:
		founded = datetime.date(rng.randint(1990, 2018), rng.randint(1, 12), rng.randint(1, 28))
	since = datetime.date(rng.randint(2016, today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
	frappe.db.set_value("Customer", customer, {"founded_on": founded, "cooperating_since": since})


def attendees(customer: str):
	team = frappe.db.get_value("Customer", customer, ["account_manager", "account_executive"], as_dict=True)
	staff = [{"user": user} for user in (team.account_manager, team.account_executive) if user]
	contacts = frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "link_doctype": "Customer", "link_name": customer},
		pluck="parent",
		limit=2,
	)
	return team, staff, [{"contact": contact} for contact in contacts]


def make_past_visit(rng, customer: str, day: datetime.date):
	_team, staff, contacts = attendees(customer)
	start = get_datetime(f"{day} {rng.choice(('09:30', '10:00', '14:00', '15:30'))}:00")
	topic = rng.choice(TOPICS)
	actions = []
	for action in rng.sample(ACTIONS, rng.randint(1, 3)):
		owner = rng.choice([s["user"] for s in staff]) if staff else "Administrator"
		actions.append(
			{"action": action, "assigned_to": owner, "due_date": add_days(day, rng.randint(2, 14))}
		)
	doc = frappe.get_doc(
		{
			"doctype": "Client Visit",
			"customer": customer,
			"visit_start": start,
			"visit_end": start + datetime.timedelta(minutes=rng.choice((60, 90, 120))),
			"channel": rng.choice(CHANNELS),
			"purpose": topic,
			"agenda": [
				{"topic": topic},
				{"topic": "客户近期需求与反馈"},
				{"topic": "下一步工作安排"},
			],
			"staff_attendees": staff,
			"contact_attendees": contacts,
			"minutes": f"<p>双方就“{topic}”进行了沟通。{rng.choice(FEEDBACK)}</p>",
			"client_feedback": rng.choice(FEEDBACK),
			"action_items": actions,
		}
	)
	doc.insert(ignore_permissions=True)
	doc.flags.skip_minutes_email = True  # history: the client got these minutes long ago
	doc.submit()
	# written up a few hours after the visit; one in six a day or more late
	hours = rng.choice((3, 5, 8, 20, 30, 50))
	submitted = get_datetime(doc.visit_end) + datetime.timedelta(hours=hours)
	doc.db_set(
		{
			"minutes_submitted_at": submitted,
			"minutes_late": 1 if rules.minutes_are_late(doc.minutes_due_at, submitted) else 0,
		}
	)
	for row in doc.action_items:
		if getdate(row.due_date) < getdate(nowdate()) and rng.random() < 0.7:
			todo = frappe.get_doc("ToDo", row.todo)
			todo.status = "Closed"
			todo.save(ignore_permissions=True)


def make_visit_without_minutes(rng, customer: str, day: datetime.date):
	_team, staff, contacts = attendees(customer)
	start = get_datetime(f"{day} 10:00:00")
	frappe.get_doc(
		{
			"doctype": "Client Visit",
			"customer": customer,
			"visit_start": start,
			"visit_end": start + datetime.timedelta(hours=1),
			"channel": "On-Site at Client",
			"purpose": "年度框架合同续签沟通",
			"staff_attendees": staff,
			"contact_attendees": contacts,
		}
	).insert(ignore_permissions=True)
