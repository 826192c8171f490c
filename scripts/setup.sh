#!/usr/bin/env bash
# README command 1: install what is missing, build the bench, create the demo site with demo data,
# build assets and serve the desk on http://127.0.0.1:$AGENCY_PORT. Safe to run again: it reuses
# what exists and only restarts the servers.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started=$(date +%s)
install_system_packages
ensure_bench
start_services
link_app
# The assets build (node) and the site's install (Python and MariaDB) need different parts of the
# machine: side by side they take the time of the longer one. The build must be done before the demo:
# its survey invitations and reminders are rendered with the bundled email CSS.
build_assets &
building=$!
ensure_site "$AGENCY_DEMO_SITE"
wait "$building" || die "The asset build failed: see $STATE_DIR/logs/build.log"
# The demo steps are idempotent; they run again only when the code changed since they last ran.
demo_marker="$AGENCY_BENCH/sites/$AGENCY_DEMO_SITE/.agency-demo"
if [ "$(cat "$demo_marker" 2>/dev/null)" != "$(code_fingerprint)" ]; then
	bench_cmd --site "$AGENCY_DEMO_SITE" agency-make-demo
	bench_cmd --site "$AGENCY_DEMO_SITE" enable-scheduler >/dev/null
	code_fingerprint >"$demo_marker"
fi
grep -q "\"default_site\": \"$AGENCY_DEMO_SITE\"" "$AGENCY_BENCH/sites/common_site_config.json" \
	|| bench_cmd use "$AGENCY_DEMO_SITE" >/dev/null
stop_legacy_servers
serve_stack "$AGENCY_DEMO_SITE" "$AGENCY_PORT" desk
log "Ready in $(($(date +%s) - started)) s: http://127.0.0.1:$AGENCY_PORT  (Administrator / $AGENCY_ADMIN_PASSWORD;"
log "  demo staff: see 'Demo logins' in README.md, e.g. chen.jing@xinghe-ad.example.com / Xinghe@2026;"
log "  client portal (/complaints, /work): $(bench_cmd --site "$AGENCY_DEMO_SITE" agency-portal-login) / Xinghe@2026)."
log "Logs: $(stack_dir desk)/*.log; stop with: bash scripts/serve.sh stop desk"
