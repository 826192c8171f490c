// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.views.calendar["Client Visit"] = {
	field_map: {
		start: "visit_start",
		end: "visit_end",
		id: "name",
		title: "title",
		color: "color",
		allDay: "all_day",
	},
	filters: [
		{ fieldtype: "Link", fieldname: "account_manager", options: "User", label: __("Account Manager") },
		{ fieldtype: "Link", fieldname: "client_tier", options: "Client Tier", label: __("Client Tier") },
	],
	get_events_method: "agency_service.api.visits.get_visit_calendar_events",
};
