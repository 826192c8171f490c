frappe.query_reports["Tier Movement"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.get_today(), -12) },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "client_tier", label: __("Client Tier"), fieldtype: "Link", options: "Client Tier" },
	],
};
