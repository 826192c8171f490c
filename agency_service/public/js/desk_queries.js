// What the desk's forms and dialogs ask of the database in the same way everywhere: the contacts of one
// client. A plain file in hooks.app_include_js (served as it is, no build), like report_filters.js.
frappe.provide("agency.queries");

Object.assign(agency.queries, {
	/** The query of a Link to Contact narrowed to the contacts of `customer` (ERPNext's contact query). */
	client_contacts(customer) {
		return {
			query: "frappe.contacts.doctype.contact.contact.contact_query",
			filters: { link_doctype: "Customer", link_name: customer },
		};
	},

	/** A required dialog field `contact`: one of the contacts of the client `customer()` names. */
	client_contact_field(customer, label) {
		return {
			fieldname: "contact",
			fieldtype: "Link",
			options: "Contact",
			label,
			reqd: 1,
			get_query: () => agency.queries.client_contacts(customer()),
		};
	},
});
