frappe.ui.form.on("Survey Invitation", {
	refresh(frm) {
		if (frm.is_new() || ["Responded", "Cancelled"].includes(frm.doc.status)) {
			return;
		}
		frm.add_custom_button(__("Send a New Link"), () =>
			frm.call("resend").then(() => {
				frappe.show_alert({ message: __("Survey sent"), indicator: "green" });
				frm.reload_doc();
			})
		);
		frm.add_custom_button(__("Withdraw Survey"), () =>
			frm.call("cancel_invitation").then(() => frm.reload_doc())
		);
	},
});
