frappe.query_reports["Receivables by Tier"] = {
	filters: [
		{ fieldname: "as_of", label: __("As of Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		agency.report_filters.company(),
	],
};
