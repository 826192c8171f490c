"""Surveys: question types, thresholds, errors, and the pure scores (CSAT, NPS, a response's figures)."""

import re
from collections.abc import Iterable

import frappe

DIMENSIONS = {
	"Service Quality": "quality",
	"Service Attitude": "attitude",
	"Service Efficiency": "efficiency",
	"Service Effect": "effect",
	"Overall Satisfaction": "overall",
}
RATING = "Rating (1–5)"
NPS = "NPS (0–10)"
SINGLE_CHOICE = "Single Choice"
FREE_TEXT = "Free Text"
QUESTION_TYPES = (RATING, NPS, SINGLE_CHOICE, FREE_TEXT)

SATISFIED_FROM = 4  # ratings 4 and 5 of 5 count as satisfied
LOW_RATING_UP_TO = 2  # a rating of 2 or lower needs a follow-up
PROMOTER_FROM = 9
DETRACTOR_UP_TO = 6  # also the follow-up threshold for the recommendation score

SURVEY_LANGUAGES = ("zh", "zh-TW", "en")
DEFAULT_CADENCE_DAYS = 365  # clients without a tier are still surveyed yearly
ROLLUP_DAYS = 365  # a client's CSAT and NPS cover the last twelve months of responses
TOKEN_BYTES = 32  # 256 bits of randomness
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
SURVEY_ROUTE = "client-survey"
INVITATION_EMAIL_TEMPLATE = "Satisfaction Survey Invitation"
DEFAULT_TEMPLATE = "Client Satisfaction Survey"
SEND_BATCH_SIZE = 500

INVITED_BY_CADENCE = "Survey Cadence"
INVITED_AFTER_PROJECT = "Project Completed"
INVITED_AFTER_WORK_ORDER = "Work Order Completed"
INVITED_AFTER_COMPLAINT = "Complaint Closed"
INVITED_BY_HAND = "Sent by Hand"


class InvalidSurveyTemplateError(frappe.ValidationError):
	pass


class InvalidSurveyAnswerError(frappe.ValidationError):
	pass


class SurveyLinkError(frappe.ValidationError):
	pass


class SurveyInvitationError(frappe.ValidationError):
	pass


# --- scores (pure) -----------------------------------------------------------------------------


def csat(ratings: Iterable[int]) -> float | None:
	"""Share of satisfied answers (4–5) among 1–5 ratings, in percent; None when there are none."""
	ratings = list(ratings)
	for rating in ratings:
		if not 1 <= rating <= 5:
			raise ValueError(f"a CSAT rating is between 1 and 5, not {rating}")
	return csat_from_counts(sum(1 for r in ratings if r >= SATISFIED_FROM), len(ratings))


def csat_from_counts(satisfied: int, rated: int) -> float | None:
	return 100.0 * satisfied / rated if rated else None


def nps(scores: Iterable[int]) -> float | None:
	"""Net Promoter Score: % of 9–10 minus % of 0–6 among 0–10 scores, in points; None when there are none."""
	scores = list(scores)
	for score in scores:
		if not 0 <= score <= 10:
			raise ValueError(f"an NPS score is between 0 and 10, not {score}")
	promoters = sum(1 for s in scores if s >= PROMOTER_FROM)
	detractors = sum(1 for s in scores if s <= DETRACTOR_UP_TO)
	return nps_from_counts(promoters, detractors, len(scores))


def nps_from_counts(promoters: int, detractors: int, total: int) -> float | None:
	return 100.0 * (promoters - detractors) / total if total else None


def nps_category(score: int) -> str:
	if score >= PROMOTER_FROM:
		return "Promoter"
	if score <= DETRACTOR_UP_TO:
		return "Detractor"
	return "Passive"


def score_answers(answers: Iterable[tuple[str, str, int | None]]) -> dict:
	"""Counts and scores of one response from (question type, dimension, score) triples."""
	result: dict = {"rated_total": 0, "satisfied_total": 0, "nps_score": None, "low": False}
	for key in DIMENSIONS.values():
		result[f"rated_{key}"] = result[f"satisfied_{key}"] = 0
	for question_type, dimension, score in answers:
		if score is None:
			continue
		if question_type == RATING:
			key = DIMENSIONS[dimension]
			result[f"rated_{key}"] += 1
			result["rated_total"] += 1
			if score >= SATISFIED_FROM:
				result[f"satisfied_{key}"] += 1
				result["satisfied_total"] += 1
			result["low"] |= score <= LOW_RATING_UP_TO
		elif question_type == NPS:
			result["nps_score"] = score
			result["low"] |= score <= DETRACTOR_UP_TO
	for key in DIMENSIONS.values():
		result[f"csat_{key}"] = csat_from_counts(result[f"satisfied_{key}"], result[f"rated_{key}"])
	result["csat"] = csat_from_counts(result["satisfied_total"], result["rated_total"])
	return result
