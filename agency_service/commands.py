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


commands = [make_demo_command]
