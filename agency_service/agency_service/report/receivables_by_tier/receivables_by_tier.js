frappe.query_reports["Receivables by Tier"] = {
	filters: [
		{ fieldname: "as_of", label: __("As of Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company", default: frappe.defaults.get_user_default("Company") },
	],
};
