// Client scorecard and tier on the Customer form: Change Tier (signed off when it lowers or overrides
// a locked tier), the latest scorecard and the tier history.
frappe.ui.form.on("Customer", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frappe.model.can_create("Client Tier Change")) {
			frm.add_custom_button(
				__("Change Tier"),
				() => {
					const dialog = new frappe.ui.Dialog({
						title: __("Change Tier"),
						fields: [
							{ fieldname: "new_tier", fieldtype: "Link", options: "Client Tier", label: __("New Tier"), reqd: 1 },
							{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason for the Change"), reqd: 1 },
						],
						primary_action_label: __("Change Tier"),
						primary_action(values) {
							frappe
								.call({
									method: "agency_service.api.scorecard.request_tier_change",
									type: "POST",
									args: { customer: frm.doc.name, ...values },
								})
								.then((r) => {
									dialog.hide();
									const applied = r.message.status === "Applied";
									frappe.show_alert({
										message: applied
											? __("Tier changed.")
											: __("Sent to the account director for sign-off."),
										indicator: applied ? "green" : "orange",
									});
									frm.reload_doc();
								});
						},
					});
					dialog.show();
				},
				__("Client Service")
			);
		}
		frm.add_custom_button(
			__("Scorecards"),
			() => frappe.set_route("List", "Client Scorecard", { customer: frm.doc.name }),
			__("Client Service")
		);
		frm.add_custom_button(
			__("Tier History"),
			() => frappe.set_route("List", "Client Tier Change", { customer: frm.doc.name }),
			__("Client Service")
		);
	},
});
