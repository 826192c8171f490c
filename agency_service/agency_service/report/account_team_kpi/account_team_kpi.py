"""Account Team KPI (考核, 001 §7.3): per account manager, satisfaction (CSAT, NPS) and, from ERPNext
billing, the repurchase rate (share of last year's billed clients billed again this year) and churn
(share of last year's billed clients not billed this year). A client counts for its current manager."""

import frappe
from frappe import _, _lt
from frappe.query_builder.functions import Extract
from frappe.utils import getdate, nowdate

from agency_service.agency_service.report.utils import as_columns, report
from agency_service.clients.profile import enabled_clients
from agency_service.surveys.scores import csat_from_counts, nps_from_counts

COLUMNS = {
	"account_manager:Link/User:200": _lt("Account Manager"),
	"clients:Int:90": _lt("Clients"),
	"responses:Int:100": _lt("Responses"),
	"csat:Percent:90": _lt("CSAT"),
	"nps:Float:80": _lt("NPS"),
	"billed_last_year:Int:150": _lt("Clients Billed Last Year"),
	"billed_again:Int:150": _lt("Billed Again This Year"),
	"repurchase_rate:Percent:130": _lt("Repurchase Rate"),
	"churn_rate:Percent:110": _lt("Churn Rate"),
	"new_clients:Int:130": _lt("New Clients Billed"),
}

NO_MANAGER = ""


@report
def execute(filters):
	year = int(filters.year or getdate(nowdate()).year)
	managers = client_managers()
	billed = billed_clients(year - 1, year, filters.company)
	satisfaction = satisfaction_by_manager(year)
	rows = []
	for manager in sorted(set(managers.values()) | set(satisfaction), key=lambda m: (m == NO_MANAGER, m)):
		clients = {c for c, m in managers.items() if m == manager}
		rows.append(kpi_row(manager, clients, billed, year, satisfaction.get(manager)))
	total = kpi_row(None, set(managers), billed, year, merge(satisfaction.values()))
	return as_columns(COLUMNS), rows, None, None, summary(total)


def client_managers() -> dict[str, str]:
	return {row.name: row.account_manager or NO_MANAGER for row in enabled_clients()[0].run(as_dict=True)}


def billed_clients(last_year: int, year: int, company: str | None = None) -> dict[int, set[str]]:
	"""Clients with a submitted, non-return Sales Invoice, by calendar year of posting."""
	invoice = frappe.qb.DocType("Sales Invoice")
	posting_year = Extract("year", invoice.posting_date)
	query = (
		frappe.qb.from_(invoice)
		.select(invoice.customer, posting_year.as_("year"))
		.distinct()
		.where(
			(invoice.docstatus == 1)
			& (invoice.is_return == 0)
			& (invoice.posting_date >= f"{last_year}-01-01")
			& (invoice.posting_date <= f"{year}-12-31")
		)
	)
	if company:
		query = query.where(invoice.company == company)
	billed: dict[int, set[str]] = {last_year: set(), year: set()}
	for row in query.run(as_dict=True):
		billed[int(row.year)].add(row.customer)
	return billed


def satisfaction_by_manager(year: int) -> dict[str, dict]:
	response = frappe.qb.DocType("Survey Response")
	Sum = frappe.qb.functions
	rows = (
		frappe.qb.from_(response)
		.select(
			response.account_manager,
			Sum("COUNT", response.name).as_("responses"),
			Sum("SUM", response.satisfied_total).as_("satisfied"),
			Sum("SUM", response.rated_total).as_("rated"),
			Sum("SUM", response.nps_category == "Promoter").as_("promoters"),
			Sum("SUM", response.nps_category == "Detractor").as_("detractors"),
			Sum("SUM", response.nps_category != "").as_("nps_answers"),
		)
		.where((response.responded_on >= f"{year}-01-01") & (response.responded_on < f"{year + 1}-01-01"))
		.groupby(response.account_manager)
		.run(as_dict=True)
	)
	return {
		row.account_manager or NO_MANAGER: {k: int(row[k] or 0) for k in row if k != "account_manager"}
		for row in rows
	}


def merge(parts) -> dict:
	total: dict[str, int] = {}
	for part in parts:
		for key, value in part.items():
			total[key] = total.get(key, 0) + value
	return total


def kpi_row(manager, clients: set[str], billed, year: int, satisfaction: dict | None) -> dict:
	last_year = clients & billed[year - 1]
	repeated = last_year & billed[year]
	satisfaction = satisfaction or {}
	return {
		"account_manager": manager,
		"clients": len(clients),
		"responses": satisfaction.get("responses", 0),
		"csat": csat_from_counts(satisfaction.get("satisfied", 0), satisfaction.get("rated", 0)),
		"nps": nps_from_counts(
			satisfaction.get("promoters", 0),
			satisfaction.get("detractors", 0),
			satisfaction.get("nps_answers", 0),
		),
		"billed_last_year": len(last_year),
		"billed_again": len(repeated),
		"repurchase_rate": 100.0 * len(repeated) / len(last_year) if last_year else None,
		"churn_rate": 100.0 * len(last_year - repeated) / len(last_year) if last_year else None,
		"new_clients": len((clients & billed[year]) - billed[year - 1]),
	}


def summary(total: dict) -> list[dict]:
	return [
		{"value": total["csat"] or 0, "label": _("CSAT"), "datatype": "Percent", "indicator": "Blue"},
		{"value": round(total["nps"] or 0, 1), "label": _("NPS"), "datatype": "Float", "indicator": "Blue"},
		{
			"value": total["repurchase_rate"] or 0,
			"label": _("Repurchase Rate"),
			"datatype": "Percent",
			"indicator": "Green",
		},
		{
			"value": total["churn_rate"] or 0,
			"label": _("Churn Rate"),
			"datatype": "Percent",
			"indicator": "Red",
		},
	]
