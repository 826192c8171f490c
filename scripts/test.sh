#!/usr/bin/env bash
# README command 2: run the whole test suite with pytest against the test site, creating or
# migrating it first. Extra arguments go to pytest (e.g. `scripts/test.sh tests/test_client_tier.py -k bad`).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ ! -f "$STATE_DIR/init-complete" ]; then
	log "No bench at $AGENCY_BENCH yet: building it first (same steps as scripts/setup.sh)"
	install_system_packages
	ensure_bench
fi
start_services
link_app
# Emails are rendered with the bundled email CSS and the browser tests load the app's bundles, so the
# suite needs this checkout's assets built; a build runs beside the site's install (as in setup.sh).
build_assets &
building=$!
ensure_site "$AGENCY_TEST_SITE"
wait "$building" || die "The asset build failed: see $STATE_DIR/logs/build.log"
bench_cmd --site "$AGENCY_TEST_SITE" set-config allow_tests true >/dev/null
# The browser tests drive Debian's Chromium; the stack tests start nginx.
install_browser_packages
command -v nginx >/dev/null 2>&1 || install_system_packages

cd "$APP_ROOT"
# The hardening suites (nginx stack, Chromium, jobs in parallel processes, a second MariaDB) run last
# (tests/conftest.py); AGENCY_HARDENING=0 leaves them out for a quicker run.
marker=()
[ "${AGENCY_HARDENING:-1}" = 0 ] && marker=(-m "not hardening")
exec "$AGENCY_BENCH/env/bin/python" -m pytest "${marker[@]}" "${@:-tests}"
