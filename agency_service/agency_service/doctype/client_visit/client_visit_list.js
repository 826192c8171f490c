// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.listview_settings["Client Visit"] = {
	add_fields: ["status", "minutes_late"],
	get_indicator(doc) {
		const colours = {
			Planned: "blue",
			"Minutes Due": "orange",
			"Minutes Overdue": "red",
			Completed: doc.minutes_late ? "yellow" : "green",
			Cancelled: "gray",
		};
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
