import frappe
import pytest

from agency_service.agency_service.doctype.client_tier.client_tier import InvalidServicePolicyError
from tests.factories import tier_doc


def deadlines(**changes):
	"""The shipped Key tier's deadlines with some severities' (response, resolution) changed."""
	rows = {"Critical": (2, 12), "High": (4, 36), "Medium": (8, 72), "Low": (24, 120)}
	rows.update(changes)
	return [
		{"severity": severity, "response_hours": response, "resolution_hours": resolution}
		for severity, (response, resolution) in rows.items()
	]


def test_valid_tier_saves():
	tier = tier_doc().insert()
	assert frappe.db.exists("Client Tier", tier.name)
	assert tier.get_complaint_deadline("High").resolution_hours == 36


BAD_POLICIES = [
	({"visit_cadence_days": 0}, "<strong>Visit Every (Days)</strong> must be a positive number of days"),
	({"visit_cadence_days": -7}, "<strong>Visit Every (Days)</strong> must be a positive number of days"),
	(
		{"survey_cadence_days": 0},
		"<strong>Satisfaction Survey Every (Days)</strong> must be a positive number of days",
	),
	({"survey_cadence_days": 366}, "cannot be more than 365 days"),
	({"min_score": 101}, "Minimum Score must be between 0 and 100"),
	({"complaint_deadlines": deadlines(High=(0, 36))}, "response time for severity <strong>High</strong>"),
	({"complaint_deadlines": deadlines(Low=(24, 12))}, "cannot be shorter than its response time"),
	({"complaint_deadlines": deadlines()[:3]}, "missing for severity: <strong>Low</strong>"),
	(
		{
			"complaint_deadlines": [
				*deadlines(),
				{"severity": "Low", "response_hours": 1, "resolution_hours": 2},
			]
		},
		"severity <strong>Low</strong> is listed more than once",
	),
]


@pytest.mark.parametrize("overrides, message", BAD_POLICIES)
def test_bad_policy_is_rejected_and_nothing_saved(overrides, message):
	tier = tier_doc(**overrides)
	with pytest.raises(InvalidServicePolicyError) as raised:
		tier.insert()
	assert message in str(raised.value)
	assert not frappe.db.exists("Client Tier", tier.tier_name)


def test_editing_a_tier_into_a_bad_policy_keeps_the_stored_one():
	tier = tier_doc(survey_cadence_days=180).insert()
	tier.survey_cadence_days = 400
	with pytest.raises(InvalidServicePolicyError):
		tier.save()
	assert frappe.db.get_value("Client Tier", tier.name, "survey_cadence_days") == 180


def test_only_one_default_tier():
	assert frappe.db.get_value("Client Tier", {"is_default": 1}, "name") == "Potential Client"
	with pytest.raises(InvalidServicePolicyError, match="already the default tier"):
		tier_doc(is_default=1).insert()


def test_error_is_translated_for_a_chinese_user():
	frappe.local.lang = "zh"
	with pytest.raises(InvalidServicePolicyError) as raised:
		tier_doc(survey_cadence_days=400).insert()
	assert "每年至少调查一次" in str(raised.value)
	frappe.local.lang = "zh-TW"
	with pytest.raises(InvalidServicePolicyError) as raised:
		tier_doc(visit_cadence_days=0).insert()
	assert "必須是正數天數" in str(raised.value)
