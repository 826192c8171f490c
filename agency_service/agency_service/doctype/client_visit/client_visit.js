// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Client Visit", {
	setup(frm) {
		frm.set_query("contact", "contact_attendees", () =>
			agency.queries.client_contacts(frm.doc.customer)
		);
	},
	refresh(frm) {
		frm.trigger("show_preparation_facts");
		frm.trigger("show_minutes_deadline");
		if (!frm.is_new() && frm.doc.docstatus === 0) {
			frm.add_custom_button(__("Reschedule"), () => frm.trigger("reschedule"));
		}
		if (!frm.is_new() && frm.doc.event) {
			frm.add_custom_button(__("Open in Calendar"), () => frappe.set_route("Form", "Event", frm.doc.event));
		}
	},
	customer(frm) {
		frm.trigger("show_preparation_facts");
	},
	visit_start(frm) {
		if (frm.doc.visit_start && !frm.doc.visit_end) {
			frm.set_value("visit_end", frappe.datetime.add_minutes(frm.doc.visit_start, 60));
		}
	},
	show_minutes_deadline(frm) {
		if (frm.doc.docstatus !== 0 || !frm.doc.minutes_due_at) {
			return;
		}
		const due = frappe.datetime.str_to_user(frm.doc.minutes_due_at);
		if (frm.doc.status === "Minutes Overdue") {
			frm.dashboard.set_headline_alert(__("Minutes are overdue: they were due by {0}.", [due]), "red");
		} else if (frm.doc.status === "Minutes Due") {
			frm.dashboard.set_headline_alert(__("Minutes are due by {0}.", [due]), "orange");
		}
	},
	reschedule(frm) {
		const dialog = new frappe.ui.Dialog({
			title: __("Reschedule Visit"),
			fields: [
				{ fieldname: "visit_start", label: __("Starts At"), fieldtype: "Datetime", reqd: 1, default: frm.doc.visit_start },
				{ fieldname: "visit_end", label: __("Ends At"), fieldtype: "Datetime", default: frm.doc.visit_end },
			],
			primary_action_label: __("Reschedule"),
			primary_action(values) {
				frappe
					.call("agency_service.api.visits.reschedule_visit", { visit: frm.doc.name, ...values })
					.then(() => {
						dialog.hide();
						frm.reload_doc();
					});
			},
		});
		dialog.show();
	},
	show_preparation_facts(frm) {
		const wrapper = frm.get_field("preparation_facts").$wrapper;
		if (!frm.doc.customer) {
			wrapper.empty();
			return;
		}
		frappe.call("agency_service.api.visits.get_preparation_facts", { customer: frm.doc.customer }).then((r) => {
			const facts = r.message || {};
			const client = facts.client || {};
			const esc = frappe.utils.escape_html;
			const line = (label, value) => `<li><b>${esc(label)}:</b> ${value}</li>`;
			const items = [];
			items.push(line(__("Last Visit"), client.last_visit_date ? frappe.datetime.str_to_user(client.last_visit_date) : __("None yet")));
			items.push(
				line(
					__("Overdue Invoices"),
					facts.overdue_invoice_count
						? `${facts.overdue_invoice_count} · ${format_currency(facts.overdue_amount)}`
						: __("None")
				)
			);
			if (facts.open_complaints !== null && facts.open_complaints !== undefined) {
				items.push(line(__("Open Complaints"), facts.open_complaints));
			}
			if (facts.open_work_orders !== null && facts.open_work_orders !== undefined) {
				items.push(line(__("Open Work Orders"), facts.open_work_orders));
			}
			items.push(line(__("Open Projects"), facts.open_projects || 0));
			items.push(
				line(
					__("Last Satisfaction Survey"),
					client.last_survey_date
						? `${frappe.datetime.str_to_user(client.last_survey_date)} · CSAT ${client.csat || 0}% · NPS ${client.nps || 0}`
						: __("None yet")
				)
			);
			const actions = (facts.open_action_items || [])
				.map((a) => `<li>${esc(a.action)} (${esc(a.assigned_to)}, ${frappe.datetime.str_to_user(a.due_date)})</li>`)
				.join("");
			items.push(line(__("Open Action Items from Earlier Visits"), actions ? `<ul>${actions}</ul>` : __("None")));
			wrapper.html(`<ul class="list-unstyled" style="line-height: 1.8;">${items.join("")}</ul>`);
		});
	},
});
