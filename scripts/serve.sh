#!/usr/bin/env bash
# Serve one site of the bench the way Frappe production does (nginx in front of gunicorn and socketio,
# supervised RQ workers and scheduler), or stop such a stack. Used by scripts/setup.sh for the demo desk
# and by the tests for the test site.
#
#   bash scripts/serve.sh start SITE PORT NAME    # http://127.0.0.1:PORT; state in $AGENCY_BENCH/.agency/stacks/NAME
#   bash scripts/serve.sh stop NAME
#   bash scripts/serve.sh status NAME             # the pids of its processes, one "name pid" a line
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
start)
	[ $# -eq 4 ] || die "usage: serve.sh start SITE PORT NAME"
	serve_stack "$2" "$3" "$4"
	;;
stop)
	[ $# -eq 2 ] || die "usage: serve.sh stop NAME"
	stop_stack "$2"
	;;
status)
	[ $# -eq 2 ] || die "usage: serve.sh status NAME"
	stack_status "$2"
	;;
*)
	die "usage: serve.sh start SITE PORT NAME | stop NAME | status NAME"
	;;
esac
