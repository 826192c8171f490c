"""bench commands of agency_service (bench discovers ``commands``)."""

import click
from frappe.commands import get_site, pass_context


@click.command("agency-make-demo")
@pass_context
def make_demo_command(context):
	"""Fill the site with a demo agency: clients, contacts, account team, projects, invoices, payments."""
	import frappe

	from agency_service.demo.runner import make_demo

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		make_demo()
		click.echo(f"Demo data is in place on {site}.")
	finally:
		frappe.destroy()


@click.command("agency-portal-login")
@pass_context
def portal_login_command(context):
	"""Print the demo client portal login (the first strategic demo client's contact, as its tiers came out)."""
	import frappe

	from agency_service.demo.base import portal_contact

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		_client, contact = portal_contact()
		click.echo(contact and frappe.db.get_value("Contact", contact, "user") or "")
	finally:
		frappe.destroy()


commands = [make_demo_command, portal_login_command]
