"""Survey links and languages: hashed one-time tokens, and the language a contact is asked in."""

import hashlib
import secrets
from contextlib import contextmanager

import frappe
from frappe.utils import get_datetime, get_url, now_datetime

from agency_service.surveys.scores import SURVEY_ROUTE, TOKEN_BYTES, TOKEN_PATTERN

# --- tokens ------------------------------------------------------------------------------------


def new_token() -> tuple[str, str]:
	token = secrets.token_urlsafe(TOKEN_BYTES)
	return token, hash_token(token)


def hash_token(token: str) -> str:
	return hashlib.sha256(token.encode()).hexdigest()


def survey_link(token: str) -> str:
	return get_url(f"/{SURVEY_ROUTE}?token={token}")


def find_invitation(token: str | None) -> tuple[dict | None, str]:
	"""The invitation a link token belongs to and whether it can be answered.

	State is one of "open", "unknown", "expired", "used" or "cancelled"; nothing is written.
	"""
	if not token or not TOKEN_PATTERN.match(token):
		return None, "unknown"
	invitation = frappe.db.get_value(
		"Survey Invitation",
		{"token_hash": hash_token(token)},
		["name", "customer", "contact", "survey_language", "survey_template", "status", "expires_on"],
		as_dict=True,
	)
	if not invitation:
		return None, "unknown"
	if invitation.status == "Responded":
		return invitation, "used"
	if invitation.status == "Cancelled":
		return invitation, "cancelled"
	if invitation.status == "Expired" or (
		invitation.expires_on and get_datetime(invitation.expires_on) < now_datetime()
	):
		return invitation, "expired"
	if invitation.status != "Sent":
		return None, "unknown"
	return invitation, "open"


# --- languages ---------------------------------------------------------------------------------


def survey_language(*candidates: str | None) -> str:
	"""The first of the candidates that maps to a survey language (zh, zh-TW, en), else zh."""
	for lang in candidates:
		lang = (lang or "").strip().lower().replace("_", "-")
		if not lang:
			continue
		if lang.startswith("zh"):
			return "zh-TW" if lang in ("zh-tw", "zh-hk", "zh-mo", "zh-hant") else "zh"
		if lang.startswith("en"):
			return "en"
	return "zh"


def contact_language(contact: str, customer: str) -> str:
	user = frappe.db.get_value("Contact", contact, "user")
	return survey_language(
		frappe.db.get_value("User", user, "language") if user else None,
		frappe.db.get_value("Customer", customer, "language"),
		frappe.db.get_single_value("System Settings", "language"),
	)


@contextmanager
def in_language(lang: str | None):
	previous = getattr(frappe.local, "lang", None)
	frappe.local.lang = lang or previous
	try:
		yield
	finally:
		frappe.local.lang = previous
