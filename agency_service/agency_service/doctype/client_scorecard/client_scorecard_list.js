// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.listview_settings["Client Scorecard"] = {
	onload(listview) {
		listview.page.add_inner_button(__("Recompute All Scorecards"), () => {
			frappe
				.call({ method: "agency_service.api.scorecard.start_recompute", type: "POST" })
				.then((r) => frappe.show_alert({ message: r.message.message, indicator: "blue" }));
		});
	},
};
