// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Success Case", {
	setup(frm) {
		frm.set_query("work_order", () => ({ filters: { customer: frm.doc.customer } }));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		const call = (method, args) => frm.call(method, args || {}).then(() => frm.reload_doc());
		if (frm.doc.status !== "Withdrawn") {
			frm.add_custom_button(__("Record Client Authorisation"), () =>
				frappe.prompt(
					[
						agency.queries.client_contact_field(() => frm.doc.customer, __("Authorised By")),
						{
							fieldname: "authorised_on",
							fieldtype: "Date",
							label: __("Authorised On"),
							default: frappe.datetime.get_today(),
							reqd: 1,
						},
						{
							fieldname: "how",
							fieldtype: "Select",
							label: __("Authorised How"),
							options: ["Signed Letter", "Contract Clause", "Email", "In a Meeting (Minuted)"].map(
								(value) => ({ value, label: __(value) })
							),
							reqd: 1,
						},
						{ fieldname: "scope", fieldtype: "Small Text", label: __("Scope of Use") },
						{ fieldname: "evidence", fieldtype: "Attach", label: __("Evidence") },
					],
					(values) => call("record_authorisation", values),
					__("Client Authorisation")
				)
			);
		}
		if (frm.doc.status === "Draft" && frm.doc.authorisation_status === "Authorised") {
			frm.add_custom_button(__("Publish"), () => call("publish"));
		}
		if (frm.doc.status === "Published") {
			frm.add_custom_button(__("Withdraw"), () =>
				frappe.prompt(
					[{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 }],
					(values) => call("withdraw", values),
					__("Withdraw")
				)
			);
		}
	},
});
