// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Client Gift", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.status === "Draft" && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Record Gift"), () =>
				frm.call("record_gift").then((r) => {
					frappe.show_alert({
						message:
							r.message === "Approved"
								? __("Recorded within the allowance.")
								: __("Sent for sign-off: the gift is above the allowance."),
						indicator: r.message === "Approved" ? "green" : "orange",
					});
					frm.reload_doc();
				})
			).addClass("btn-primary");
		}
	},
});
