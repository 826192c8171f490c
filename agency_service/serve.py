"""A WSGI entry that serves one site on a loopback port, with its static assets.

Used by scripts/setup.sh for the demo desk and by HTTP tests for the test site:
``gunicorn -b 127.0.0.1:8000 "agency_service.serve:application_for('agency.localhost')"`` run from the
bench's ``sites`` folder. Frappe's own ``bench serve`` binds every interface and picks the site from the
Host header, so ``http://127.0.0.1:8000`` would not find a site named ``agency.localhost``.

Served this way there is no proxy in front, so an ``X-Forwarded-For`` header can only come from the
caller: Frappe would take it as the client's address (for rate limits and the session's address), so
it is overwritten with the connection's own address. Behind a proxy, the proxy must do the same.
"""


def application_for(site: str):
	import frappe.app

	frappe.app._site = site
	return peer_address_only(frappe.app.application_with_statics())


def peer_address_only(app):
	def application(environ, start_response):
		environ["HTTP_X_FORWARDED_FOR"] = environ.get("REMOTE_ADDR") or "127.0.0.1"
		return app(environ, start_response)

	return application
