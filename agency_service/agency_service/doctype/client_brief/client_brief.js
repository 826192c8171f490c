// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Client Brief", {
	work_order(frm) {
		// a media plan is briefed as a media brief
		if (frm.doc.work_order_type === "Media Plan") frm.set_value("brief_type", "Media Brief");
	},
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Work Order"), () =>
			frappe.set_route("Form", "Client Work Order", frm.doc.work_order)
		);
		if (frappe.model.can_create("Client Proposal")) {
			frm.add_custom_button(
				__("Proposal"),
				() =>
					frappe.new_doc("Client Proposal", {
						work_order: frm.doc.work_order,
						brief: frm.doc.name,
					}),
				__("Create")
			);
		}
	},
});
