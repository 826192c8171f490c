// "Submit for Sign-off" on an ERPNext document a Sign-off Rule targets (Contract, Quotation): the sign-off
// panel itself (signoff.bundle.js) shows the steps, the signatures and the Sign / Reject buttons.
// (one file for both doctypes, loaded with either form: its handlers are registered once)
(window.agency_service_host_signoff ? [] : ["Contract", "Quotation"]).forEach((doctype) => {
	window.agency_service_host_signoff = true;
	frappe.ui.form.on(doctype, {
		refresh(frm) {
			if (frm.is_new() || frm.doc.docstatus !== 0 || frm.doc.signoff_status === "Pending") return;
			frappe
				.xcall("agency_service.api.signoff.signoff_purposes", {
					doctype: frm.doctype,
					name: frm.doc.name,
				})
				.then((purposes) => {
					if (!purposes || !purposes.length) return;
					const start = (purpose) =>
						frappe
							.xcall("agency_service.api.signoff.submit_for_signoff", {
								doctype: frm.doctype,
								name: frm.doc.name,
								purpose: purpose,
							})
							.then(() => frm.reload_doc());
					frm.add_custom_button(__("Submit for Sign-off"), () => {
						if (frm.is_dirty()) {
							frappe.msgprint(__("Save the document before submitting it for sign-off."));
							return;
						}
						if (purposes.length === 1) return start(purposes[0]);
						frappe.prompt(
							{
								fieldname: "purpose",
								fieldtype: "Select",
								label: __("Sign-off For"),
								options: purposes.map((p) => ({ value: p, label: __(p) })),
								reqd: 1,
							},
							(values) => start(values.purpose)
						);
					});
				});
		},
	});
});
