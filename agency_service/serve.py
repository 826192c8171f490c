"""A WSGI entry that serves one site on a loopback port, with its static assets.

Used by scripts/setup.sh for the demo desk and by HTTP tests for the test site:
``gunicorn -b 127.0.0.1:8000 "agency_service.serve:application_for('agency.localhost')"`` run from the
bench's ``sites`` folder. Frappe's own ``bench serve`` binds every interface and picks the site from the
Host header, so ``http://127.0.0.1:8000`` would not find a site named ``agency.localhost``.
"""


def application_for(site: str):
	import frappe.app

	frappe.app._site = site
	return frappe.app.application_with_statics()
