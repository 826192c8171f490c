// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Client Work Order", {
	setup(frm) {
		// the client's own contracts that are not cancelled or superseded
		frm.set_query("contract", () => ({
			filters: { customer: frm.doc.customer, docstatus: ["<", 2], superseded_by: ["is", "not set"] },
		}));
	},
	refresh(frm) {
		if (frm.is_new()) {
			return;
		}
		const act = (label, method, args) =>
			frm.add_custom_button(label, () =>
				frm.call(method, args || {}).then(() => frm.reload_doc())
			);
		const ask = (label, method, fields) =>
			frm.add_custom_button(label, () =>
				frappe.prompt(fields, (values) =>
					frm.call(method, values).then(() => frm.reload_doc())
				)
			);
		const status = frm.doc.status;
		const in_delivery = ![
			"Draft",
			"Awaiting Dispatch Sign-off",
			"Client Approved",
			"Archived",
		].includes(status);
		if (status === "Draft") act(__("Submit for Dispatch"), "submit_for_dispatch");
		if (["In Progress", "Revision Requested"].includes(status))
			act(__("Mark Delivered"), "mark_delivered");
		if (status === "Delivered") act(__("Request Acceptance"), "request_acceptance");
		if (status === "Accepted") act(__("Propose to Client"), "propose_to_client");
		if (status === "Proposed to Client") {
			ask(__("Record Client Decision"), "record_client_decision", [
				{
					fieldname: "decision",
					fieldtype: "Select",
					label: __("Client Decision"),
					options: ["Approved", "Revise"],
					reqd: 1,
				},
				{ fieldname: "comments", fieldtype: "Small Text", label: __("Client Comments") },
			]);
		}
		if (status === "Client Approved") {
			ask(__("Archive"), "archive", [
				{
					fieldname: "evaluation_notes",
					fieldtype: "Text Editor",
					label: __("Evaluation Notes"),
					reqd: 1,
				},
			]);
		}
		if (["In Progress", "Revision Requested", "Delivered", "Accepted"].includes(status)) {
			frm.add_custom_button(
				__("Request Content Review"),
				() =>
					frm.call("request_content_review").then((r) => {
						frm.reload_doc();
						if (r.message) frappe.set_route("Form", "Ad Content Review", r.message);
					}),
				__("Ad Content")
			);
		}
		if (frm.doc.content_review) {
			frm.add_custom_button(
				__("Latest Ad-Content Review"),
				() => frappe.set_route("Form", "Ad Content Review", frm.doc.content_review),
				__("Ad Content")
			);
		}
		if (in_delivery) {
			frm.add_custom_button(
				__("Send Progress Report Now"),
				() =>
					frappe.confirm(__("Email a progress report to the client's contacts now?"), () =>
						frm.call("send_progress_report").then((r) => {
							frm.reload_doc();
							if (r.message) frappe.show_alert({ message: __("Progress report sent"), indicator: "green" });
						})
					),
				__("Progress Reports")
			);
		}
		frm.add_custom_button(
			__("Sent Reports"),
			() => frappe.set_route("List", "Work Order Progress Report", { work_order: frm.doc.name }),
			__("Progress Reports")
		);
		if (["Client Approved", "Archived"].includes(status)) {
			frm.add_custom_button(
				__("Post-Project Review"),
				() =>
					frm.call("open_post_project_review").then((r) => {
						if (r.message) frappe.set_route("Form", "Post-Project Review", r.message);
					}),
				__("After Delivery")
			);
			if (frappe.model.can_create("Success Case")) {
				frm.add_custom_button(
					__("Success Case"),
					() =>
						frappe.new_doc("Success Case", {
							title: frm.doc.title,
							customer: frm.doc.customer,
							work_order: frm.doc.name,
						}),
					__("After Delivery")
				);
			}
		}
		if (frm.doc.project) {
			frm.add_custom_button(__("Project"), () =>
				frappe.set_route("Form", "Project", frm.doc.project)
			);
		}
		if (in_delivery && frappe.model.can_create("Work Order Change Request")) {
			frm.add_custom_button(
				__("Change Request"),
				() => frappe.new_doc("Work Order Change Request", { work_order: frm.doc.name }),
				__("Create")
			);
		}
		for (const [doctype, label] of [
			["Client Brief", __("Brief")],
			["Client Proposal", __("Proposal")],
		]) {
			if (frappe.model.can_create(doctype)) {
				frm.add_custom_button(
					label,
					() => frappe.new_doc(doctype, { work_order: frm.doc.name }),
					__("Create")
				);
			}
		}
		if (frappe.model.can_create("Quotation")) {
			frm.add_custom_button(
				__("Estimate"),
				() =>
					frappe.new_doc("Quotation", {
						quotation_to: "Customer",
						party_name: frm.doc.customer,
						client_work_order: frm.doc.name,
					}),
				__("Create")
			);
		}
	},
});
