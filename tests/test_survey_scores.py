"""Plain unit tests of the score formulas and helpers: no site data involved."""

import pytest

from agency_service.surveys import links, scores
from agency_service.surveys.links import survey_language
from agency_service.surveys.scores import csat, nps, nps_category, score_answers


@pytest.mark.parametrize(
	"ratings, expected",
	[
		([5, 4, 3, 2, 1], 40.0),
		([5, 5, 5], 100.0),
		([4], 100.0),
		([3, 3, 3, 3], 0.0),  # all neutral: nobody satisfied
		([1, 2, 3], 0.0),
		([5, 3], 50.0),
		([4, 4, 4, 2], 75.0),
	],
)
def test_csat_is_the_share_of_four_and_five(ratings, expected):
	assert csat(ratings) == pytest.approx(expected)


def test_csat_of_no_answers_is_none_not_zero():
	assert csat([]) is None


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_csat_refuses_ratings_outside_one_to_five(bad):
	with pytest.raises(ValueError):
		csat([5, bad])


@pytest.mark.parametrize(
	"scores, expected",
	[
		([10, 9, 8, 7, 6, 0], 0.0),  # 2 promoters, 2 detractors
		([10, 10, 10, 0], 50.0),
		([9], 100.0),
		([6], -100.0),
		([0, 1, 2], -100.0),
		([7, 8, 7, 8], 0.0),  # all passive
		([10, 9, 7, 3], 25.0),
	],
)
def test_nps_is_promoters_minus_detractors(scores, expected):
	assert nps(scores) == pytest.approx(expected)


def test_nps_of_no_answers_is_none():
	assert nps([]) is None


@pytest.mark.parametrize("bad", [-1, 11])
def test_nps_refuses_scores_outside_zero_to_ten(bad):
	with pytest.raises(ValueError):
		nps([bad])


@pytest.mark.parametrize(
	"score, category",
	[(0, "Detractor"), (6, "Detractor"), (7, "Passive"), (8, "Passive"), (9, "Promoter"), (10, "Promoter")],
)
def test_nps_category_boundaries(score, category):
	assert nps_category(score) == category


def test_score_answers_counts_per_dimension_and_flags_low_answers():
	result = score_answers(
		[
			(scores.RATING, "Service Quality", 5),
			(scores.RATING, "Service Quality", 3),
			(scores.RATING, "Service Attitude", 4),
			(scores.RATING, "Service Effect", None),  # not answered
			(scores.NPS, "", 8),
			(scores.FREE_TEXT, "", None),
		]
	)
	assert (result["rated_quality"], result["satisfied_quality"], result["csat_quality"]) == (2, 1, 50.0)
	assert (result["rated_attitude"], result["satisfied_attitude"], result["csat_attitude"]) == (1, 1, 100.0)
	assert result["rated_effect"] == 0 and result["csat_effect"] is None
	assert (result["rated_total"], result["satisfied_total"]) == (3, 2)
	assert result["csat"] == pytest.approx(200 / 3)
	assert result["nps_score"] == 8
	assert result["low"] is False


@pytest.mark.parametrize(
	"answers, low",
	[
		([(scores.RATING, "Service Quality", 2)], True),
		([(scores.RATING, "Service Quality", 3)], False),
		([(scores.NPS, "", 6)], True),
		([(scores.NPS, "", 7)], False),
		([], False),
	],
)
def test_low_answer_threshold(answers, low):
	assert score_answers(answers)["low"] is low


@pytest.mark.parametrize(
	"candidates, expected",
	[
		(("zh-TW",), "zh-TW"),
		(("zh_tw",), "zh-TW"),
		(("zh-HK",), "zh-TW"),
		(("zh",), "zh"),
		(("zh-CN",), "zh"),
		(("en-US",), "en"),
		((None, "", "en"), "en"),
		(("fr", "zh-TW"), "zh-TW"),
		((None,), "zh"),
	],
)
def test_survey_language(candidates, expected):
	assert survey_language(*candidates) == expected


def test_tokens_are_long_random_and_stored_as_hashes():
	tokens = {links.new_token() for _ in range(200)}
	assert len(tokens) == 200
	token, token_hash = next(iter(tokens))
	assert len(token) == 43 and scores.TOKEN_PATTERN.match(token)  # 32 bytes = 256 bits
	assert token_hash == links.hash_token(token) and token not in token_hash and len(token_hash) == 64
