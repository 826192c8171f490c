// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Client Tier", {
	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Clients in this Tier"), () => {
				frappe.set_route("List", "Customer", { client_tier: frm.doc.name });
			});
		}
	},
});
