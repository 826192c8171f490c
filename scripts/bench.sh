#!/usr/bin/env bash
# Run a benchmark against a site of the bench: `bash scripts/bench.sh NAME|all [--site SITE] [--scale 0.1]
# [--enforce-targets] [--keep]`. NAME is one of signoff, complaints, scorecard, visits, surveys,
# portal_load, health, archive, work, work_progress, ad_content, contracts.
# The site defaults to the test site ($AGENCY_TEST_SITE); the exit status is non-zero when a benchmark's
# own cross-check fails, or, with --enforce-targets, when it misses a target. See benchmarks/run.py.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ -x "$AGENCY_BENCH/env/bin/python" ] || die "No bench at $AGENCY_BENCH: run scripts/setup.sh or scripts/test.sh first."
start_services
cd "$APP_ROOT"
exec "$AGENCY_BENCH/env/bin/python" benchmarks/run.py "$@"
