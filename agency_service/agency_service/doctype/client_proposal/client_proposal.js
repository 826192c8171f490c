// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Client Proposal", {
	setup(frm) {
		frm.set_query("brief", () => ({ filters: { work_order: frm.doc.work_order } }));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		const ask = (label, method, fields, title) =>
			frm.add_custom_button(label, () =>
				frappe.prompt(
					fields,
					(values) => frm.call(method, values).then(() => frm.reload_doc()),
					title || label
				)
			);
		const status = frm.doc.status;
		if (["Draft", "Rehearsed", "Revision Requested"].includes(status)) {
			ask(__("Record Rehearsal"), "record_rehearsal", [
				{
					fieldname: "rehearsed_on",
					fieldtype: "Datetime",
					label: __("Rehearsed On"),
					default: frappe.datetime.now_datetime(),
					reqd: 1,
				},
				{ fieldname: "attendees", fieldtype: "Small Text", label: __("Who Rehearsed"), reqd: 1 },
				{ fieldname: "feedback", fieldtype: "Small Text", label: __("Feedback"), reqd: 1 },
			]);
			ask(__("Plan Pitch Meeting"), "plan_pitch_meeting", [
				{ fieldname: "visit_start", fieldtype: "Datetime", label: __("Visit Start") },
				{
					fieldname: "channel",
					fieldtype: "Select",
					label: __("Channel"),
					options: ["At Our Agency", "On-Site at Client", "Video Meeting", "Phone Call"],
					default: "At Our Agency",
				},
				{
					fieldname: "visit",
					fieldtype: "Link",
					label: __("Or an Open Visit"),
					options: "Client Visit",
					get_query: () => ({ filters: { customer: frm.doc.customer, docstatus: 0 } }),
				},
			]);
		}
		if (status === "Rehearsed") {
			frm.add_custom_button(__("Present to Client"), () =>
				frm.call("present_to_client").then(() => frm.reload_doc())
			);
		}
		if (status === "Presented") {
			const options = frm.doc.is_pitch ? ["Won", "Lost"] : ["Approved", "Revise"];
			ask(__("Record Client Decision"), "record_decision", [
				{
					fieldname: "decision",
					fieldtype: "Select",
					label: __("Client Decision"),
					options: options.map((value) => ({ value, label: __(value) })),
					reqd: 1,
				},
				{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason") },
			]);
		}
		if (frm.doc.pitch_visit) {
			frm.add_custom_button(__("Pitch Meeting"), () =>
				frappe.set_route("Form", "Client Visit", frm.doc.pitch_visit)
			);
		}
	},
});
