#!/usr/bin/env bash
# Host regression: ERPNext's (and Frappe's) own tests for the doctypes the app extends, run with the
# bench's test runner on the test site with the app installed. CI=1 makes `bench run-tests` exit non-zero
# on a failure. Extra arguments replace the list of test modules.
#
#   bash scripts/host-tests.sh
#   bash scripts/host-tests.sh erpnext.selling.doctype.customer.test_customer
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The order matters on a new site: ERPNext's test records (warehouses, fiscal years, _Test Customer …) are
# made by the first module that needs them and kept; Frappe's Contact tests need ERPNext's records but do
# not make them ("Could not find Warehouse Type: Transit" when they run first), and ERPNext's Customer
# test_rename ends in frappe.db.rollback(), which takes back records made in its transaction while
# Frappe's test-record log still lists them (on a site with ERPNext alone too). ERPNext's Sales Invoice
# tests need the payments app's DocType Payment Gateway, which this bench does not install.
MODULES=(
	erpnext.accounts.doctype.payment_entry.test_payment_entry
	erpnext.projects.doctype.project.test_project
	erpnext.support.doctype.issue.test_issue
	erpnext.support.doctype.service_level_agreement.test_service_level_agreement
	frappe.contacts.doctype.contact.test_contact
	erpnext.accounts.doctype.sales_invoice.test_sales_invoice
	erpnext.selling.doctype.customer.test_customer
)
[ $# -gt 0 ] && MODULES=("$@")

start_services
link_app
ensure_site "$AGENCY_TEST_SITE"
bench_cmd --site "$AGENCY_TEST_SITE" set-config allow_tests true >/dev/null

failed=()
for module in "${MODULES[@]}"; do
	app="${module%%.*}"
	log "bench run-tests --app $app --module $module"
	started=$(date +%s)
	if (cd "$AGENCY_BENCH" && CI=1 "$BENCH_BIN" --site "$AGENCY_TEST_SITE" run-tests --app "$app" --module "$module"); then
		log "  passed in $(($(date +%s) - started)) s"
	else
		log "  FAILED in $(($(date +%s) - started)) s"
		failed+=("$module")
	fi
done
[ ${#failed[@]} -eq 0 ] || die "Host tests failed: ${failed[*]}"
log "All host tests passed."
