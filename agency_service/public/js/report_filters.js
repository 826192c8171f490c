// The filters the app's query reports share: a period, a grouping choice, and the links a client report
// narrows by. A plain file in hooks.app_include_js (served from /assets like complaint_portal.js), so no
// desk bundle has to be built for the reports to find it. Labels come in already translated (`__()`),
// except for the filters whose label is the same in every report.
frappe.provide("agency.report_filters");

Object.assign(agency.report_filters, {
	/** `from_date` and `to_date`: from `months` months back (when given) up to today, required unless `reqd: 0`. */
	period(from_label, to_label, { months, reqd = 1 } = {}) {
		const today = frappe.datetime.get_today();
		const from = { fieldname: "from_date", label: from_label, fieldtype: "Date", reqd };
		const to = { fieldname: "to_date", label: to_label, fieldtype: "Date", reqd };
		if (months !== undefined) {
			from.default = frappe.datetime.add_months(today, -months);
			to.default = today;
		}
		return [from, to];
	},

	/** A required choice between `choices` ({value: translated label}), the first one by default. */
	choice(fieldname, label, choices, { reqd = 1 } = {}) {
		const options = Object.entries(choices).map(([value, option]) => ({ value, label: option }));
		return { fieldname, label, fieldtype: "Select", options, default: options[0].value, reqd };
	},

	link(fieldname, label, doctype, extra = {}) {
		return { fieldname, label, fieldtype: "Link", options: doctype, ...extra };
	},

	client(label = __("Client")) {
		return agency.report_filters.link("customer", label, "Customer");
	},

	client_tier(label = __("Client Tier")) {
		return agency.report_filters.link("client_tier", label, "Client Tier");
	},

	account_manager(extra = {}) {
		return agency.report_filters.link("account_manager", __("Account Manager"), "User", extra);
	},

	industry() {
		return agency.report_filters.link("industry", __("Industry"), "Industry Type");
	},

	company() {
		return agency.report_filters.link("company", __("Company"), "Company", {
			default: frappe.defaults.get_user_default("Company"),
		});
	},

	/** Which complaints: received in the period, of a tier, category, severity, manager or client. */
	complaints() {
		const filters = agency.report_filters;
		return [
			...filters.period(__("Received From Date"), __("Received To Date"), { months: 12 }),
			filters.client_tier(),
			filters.link("category", __("Complaint Category"), "Complaint Category"),
			filters.link("priority", __("Severity"), "Issue Priority"),
			filters.account_manager(),
			filters.industry(),
			filters.client(),
		];
	},
});
