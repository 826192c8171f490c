// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Work Order Change Request", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.status === "Draft" && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Submit Change"), () =>
				frm.save().then(() =>
					frm.call("submit_request").then((r) => {
						frappe.show_alert({
							message:
								r.message === "Applied"
									? __("Applied: the change moves neither budget nor deadline.")
									: __("Sent for sign-off."),
							indicator: r.message === "Applied" ? "green" : "orange",
						});
						frm.reload_doc();
					})
				)
			).addClass("btn-primary");
		}
		if (frm.doc.work_order) {
			frm.add_custom_button(__("Open Work Order"), () =>
				frappe.set_route("Form", "Client Work Order", frm.doc.work_order)
			);
		}
	},
});
