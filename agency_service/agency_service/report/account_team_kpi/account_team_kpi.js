frappe.query_reports["Account Team KPI"] = {
	filters: [
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: new Date().getFullYear(),
			reqd: 1,
		},
		agency.report_filters.company(),
	],
};
