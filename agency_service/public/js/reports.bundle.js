// Filters the app's complaint reports share (Complaint Analysis, Complaint SLA Compliance): when a
// complaint was received, and which complaints. Each report adds its own grouping filter in front.
frappe.provide("agency_service.reports");

agency_service.reports.complaint_filters = () => [
	{
		fieldname: "from_date",
		label: __("Received From Date"),
		fieldtype: "Date",
		default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
		reqd: 1,
	},
	{
		fieldname: "to_date",
		label: __("Received To Date"),
		fieldtype: "Date",
		default: frappe.datetime.get_today(),
		reqd: 1,
	},
	{ fieldname: "client_tier", label: __("Client Tier"), fieldtype: "Link", options: "Client Tier" },
	{
		fieldname: "category",
		label: __("Complaint Category"),
		fieldtype: "Link",
		options: "Complaint Category",
	},
	{ fieldname: "priority", label: __("Severity"), fieldtype: "Link", options: "Issue Priority" },
	{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
	{ fieldname: "customer", label: __("Client"), fieldtype: "Link", options: "Customer" },
];
