# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from frappe.model.document import Document


class ClientKeeperPeriod(Document):
	"""Who kept a client (as account manager or executive) from when to when: written by handovers."""
