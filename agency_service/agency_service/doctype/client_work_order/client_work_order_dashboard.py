from frappe import _


def get_data():
	"""The work order's connections: from its brief and proposal to what the client confirmed."""
	return {
		"fieldname": "work_order",
		"non_standard_fieldnames": {"Quotation": "client_work_order"},
		"transactions": [
			{"label": _("Brief and Proposal"), "items": ["Client Brief", "Client Proposal", "Client Visit"]},
			{
				"label": _("Delivery"),
				"items": [
					"Quotation",
					"Work Order Change Request",
					"Client Confirmation",
					"Ad Content Review",
				],
			},
		],
	}
