# shellcheck shell=bash
# One place for where the bench lives and how its parts are installed and started.
# Sourced by scripts/setup.sh (README command 1) and scripts/test.sh (README command 2).
#
# Settings (environment variables, all optional):
#   AGENCY_BENCH             bench folder                         (default: ~/agency-bench)
#   AGENCY_DEMO_SITE         demo site served on the port below   (default: agency.localhost)
#   AGENCY_TEST_SITE         site the test suite runs against     (default: test-agency.localhost)
#   AGENCY_PORT              port of the desk on 127.0.0.1        (default: 8000)
#   AGENCY_DB_ROOT_PASSWORD  MariaDB root password (set if unset) (default: agency-root)
#   AGENCY_ADMIN_PASSWORD    Administrator password of the sites (default: admin)
#   AGENCY_BENCH_CLI         venv holding the frappe-bench CLI    (default: ~/.local/share/agency-service/bench-cli)
#   AGENCY_WEB_WORKERS       gunicorn workers behind nginx        (default: 3)
#   AGENCY_RQ_WORKERS        RQ workers (short, default, long)    (default: 1)
#   AGENCY_SCHEDULER         1 to run the scheduler with the desk  (default: 1)
# The same settings may stand in an untracked `.agency-env` file at the top of the checkout.
set -euo pipefail

APP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# A checkout may keep its own settings in an untracked `.agency-env` (KEY=value lines, e.g. a second
# worktree with its own bench); a variable set in the environment still wins.
if [ -f "$APP_ROOT/.agency-env" ]; then
	while IFS='=' read -r key value; do
		case "$key" in AGENCY_*) [ -n "${!key:-}" ] || export "$key=$value" ;; esac
	done <"$APP_ROOT/.agency-env"
fi
AGENCY_BENCH="${AGENCY_BENCH:-$HOME/agency-bench}"
AGENCY_DEMO_SITE="${AGENCY_DEMO_SITE:-agency.localhost}"
AGENCY_TEST_SITE="${AGENCY_TEST_SITE:-test-agency.localhost}"
AGENCY_PORT="${AGENCY_PORT:-8000}"
AGENCY_DB_ROOT_PASSWORD="${AGENCY_DB_ROOT_PASSWORD:-agency-root}"
AGENCY_ADMIN_PASSWORD="${AGENCY_ADMIN_PASSWORD:-admin}"
AGENCY_BENCH_CLI="${AGENCY_BENCH_CLI:-$HOME/.local/share/agency-service/bench-cli}"
AGENCY_WEB_WORKERS="${AGENCY_WEB_WORKERS:-3}"
AGENCY_RQ_WORKERS="${AGENCY_RQ_WORKERS:-1}"
AGENCY_SCHEDULER="${AGENCY_SCHEDULER:-1}"
export AGENCY_BENCH AGENCY_DEMO_SITE AGENCY_TEST_SITE AGENCY_PORT

FRAPPE_REPO="https://github.com/frappe/frappe"
ERPNEXT_REPO="https://github.com/frappe/erpnext"
FRAPPE_BRANCH="version-15"
BENCH_BIN="$AGENCY_BENCH_CLI/bin/bench"
# bench 5.31 drives uv (installed beside it) for venvs and packages.
export PATH="$AGENCY_BENCH_CLI/bin:$PATH"
STATE_DIR="$AGENCY_BENCH/.agency"

# A stalled download aborts instead of hanging: git, pip, npm and apt all get time limits.
export GIT_HTTP_LOW_SPEED_LIMIT=1000 GIT_HTTP_LOW_SPEED_TIME=60
export PIP_DEFAULT_TIMEOUT=60 PIP_DISABLE_PIP_VERSION_CHECK=1
export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-y -q --no-install-recommends -o Acquire::http::Timeout=30 -o Acquire::Retries=2)

log() { printf '\033[1;34m[agency]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[agency] %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@" || sudo "$@"; fi
}

bench_cmd() { (cd "$AGENCY_BENCH" && "$BENCH_BIN" "$@"); }
bench_python() { "$AGENCY_BENCH/env/bin/python" "$@"; }

# --- system packages ---------------------------------------------------------------------------

install_system_packages() {
	local missing=()
	command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server mariadb-client)
	command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
	command -v git >/dev/null 2>&1 || missing+=(git)
	command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
	command -v cc >/dev/null 2>&1 || missing+=(build-essential)
	command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
	[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
	python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv python3-dev)
	if ! command -v node >/dev/null 2>&1; then missing+=(nodejs npm); fi
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
	if [ ${#missing[@]} -gt 0 ]; then
		log "Installing system packages: ${missing[*]}"
		as_root apt-get update -q -o Acquire::http::Timeout=30 >/dev/null
		as_root apt-get install "${APT_OPTS[@]}" "${missing[@]}" >/dev/null
		stop_debian_default_nginx
	fi
	local node_major
	node_major="$(node -p 'process.versions.node.split(".")[0]')"
	[ "$node_major" -ge 18 ] || die "Node.js >= 18 is needed (found $(node --version))."
	if ! yarn --version 2>/dev/null | grep -q '^1\.'; then
		log "Installing yarn 1 from the npm registry"
		as_root npm install -g --fetch-timeout=60000 yarn@1.22.22 >/dev/null
	fi
}

# Debian's package starts nginx with its default site on port 80 (every interface) where it can; the
# desk runs its own nginx on 127.0.0.1 only, so the default one is stopped and left disabled.
stop_debian_default_nginx() {
	if [ -f /run/nginx.pid ] && [ -L /etc/nginx/sites-enabled/default ]; then
		as_root nginx -s quit 2>/dev/null || true
	fi
}

# Chromium and its WebDriver from Debian, for the browser tests (nothing downloads a browser).
install_browser_packages() {
	[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && return 0
	log "Installing chromium and chromium-driver (Debian) for the browser tests"
	as_root apt-get update -q -o Acquire::http::Timeout=30 >/dev/null
	as_root apt-get install "${APT_OPTS[@]}" chromium chromium-driver >/dev/null
}

# --- MariaDB and Redis -------------------------------------------------------------------------

# A query, not `mariadb-admin ping`: ping succeeds even when the login is refused.
mariadb_ping() {
	mariadb --protocol=tcp -h127.0.0.1 -uroot -p"$AGENCY_DB_ROOT_PASSWORD" -e 'SELECT 1' >/dev/null 2>&1
}

configure_mariadb() {
	local cnf=/etc/mysql/mariadb.conf.d/99-agency-frappe.cnf
	[ -f "$cnf" ] && return 0
	log "Configuring MariaDB for Frappe (utf8mb4)"
	as_root tee "$cnf" >/dev/null <<-'EOF'
		[mysqld]
		character-set-client-handshake = FALSE
		character-set-server = utf8mb4
		collation-server = utf8mb4_unicode_ci
		bind-address = 127.0.0.1
		innodb_buffer_pool_size = 512M

		[mysql]
		default-character-set = utf8mb4
	EOF
}

start_mariadb() {
	configure_mariadb
	if ! as_root mariadb-admin ping >/dev/null 2>&1 && ! mariadb_ping; then
		log "Starting MariaDB"
		as_root install -d -o mysql -g mysql /run/mysqld
		as_root sh -c 'nohup mysqld_safe --user=mysql >/dev/null 2>&1 &'
		local i
		for i in $(seq 1 60); do
			as_root mariadb-admin ping >/dev/null 2>&1 && break
			sleep 1
		done
	fi
	if ! mariadb_ping; then
		# Debian's root logs in through the socket only; Frappe connects over TCP with a password.
		log "Giving MariaDB root a password for TCP logins"
		as_root mariadb -uroot -e "ALTER USER root@localhost IDENTIFIED VIA unix_socket OR \
mysql_native_password USING PASSWORD('$AGENCY_DB_ROOT_PASSWORD'); FLUSH PRIVILEGES;" \
			|| die "Cannot log in to MariaDB as root; set AGENCY_DB_ROOT_PASSWORD to its password."
		mariadb_ping || die "MariaDB does not accept root over TCP."
	fi
}

start_redis() {
	local conf port
	for conf in "$AGENCY_BENCH"/config/redis_*.conf; do
		[ -f "$conf" ] || continue
		port="$(awk '$1 == "port" {print $2}' "$conf")"
		if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
			log "Starting Redis on port $port"
			(cd "$AGENCY_BENCH/config" && redis-server "$conf" --daemonize yes >/dev/null)
		fi
	done
}

start_services() {
	start_mariadb
	start_redis
}

# --- the bench ---------------------------------------------------------------------------------

ensure_bench_cli() {
	if [ ! -x "$BENCH_BIN" ] || [ ! -x "$AGENCY_BENCH_CLI/bin/uv" ]; then
		log "Installing frappe-bench from PyPI into $AGENCY_BENCH_CLI"
		python3 -m venv "$AGENCY_BENCH_CLI"
		"$AGENCY_BENCH_CLI/bin/pip" install -q "frappe-bench>=5.31,<6" "uv<1" "setuptools<81"
	fi
}

ensure_bench() {
	ensure_bench_cli
	if [ -d "$AGENCY_BENCH" ] && [ ! -f "$STATE_DIR/init-complete" ]; then
		if { [ -d "$AGENCY_BENCH/apps" ] && [ -d "$AGENCY_BENCH/sites" ]; } || [ -z "$(ls -A "$AGENCY_BENCH")" ]; then
			log "Removing an unfinished bench at $AGENCY_BENCH"
			rm -rf "$AGENCY_BENCH"
		else
			die "$AGENCY_BENCH exists and is not a bench made by this script; set AGENCY_BENCH elsewhere."
		fi
	fi
	if [ ! -d "$AGENCY_BENCH" ]; then
		log "Creating the bench at $AGENCY_BENCH (frappe $FRAPPE_BRANCH)"
		# bench refuses root outside a bench whose config names root as its user: give it one to start from.
		local launch
		launch="$(mktemp -d)"
		mkdir -p "$launch/sites"
		printf '{"frappe_user": "%s"}\n' "$(id -un)" >"$launch/sites/common_site_config.json"
		(cd "$launch" && "$BENCH_BIN" init --frappe-path "$FRAPPE_REPO" --frappe-branch "$FRAPPE_BRANCH" \
			--skip-assets --no-backups --python "$(python3 -c 'import sys; print(sys.executable)')" "$AGENCY_BENCH")
		rm -rf "$launch"
		# uv seeds a setuptools without pkg_resources, which new-site needs.
		uv pip install -q "setuptools<81" --python "$AGENCY_BENCH/env/bin/python"
		mkdir -p "$STATE_DIR"
		touch "$STATE_DIR/init-complete"
	fi
	mkdir -p "$STATE_DIR/logs" "$STATE_DIR/pids"
	# bench imports every listed app's commands: a link left to a checkout that is gone breaks every
	# bench command, so point it at this checkout first (only once ERPNext is there, to keep app order).
	if [ -d "$AGENCY_BENCH/apps/erpnext" ]; then
		link_app
	fi
	grep -q '"db_host": "127.0.0.1"' "$AGENCY_BENCH/sites/common_site_config.json" \
		|| bench_cmd set-config -g db_host 127.0.0.1 >/dev/null
	if [ ! -d "$AGENCY_BENCH/apps/erpnext" ]; then
		log "Getting ERPNext $FRAPPE_BRANCH"
		bench_cmd get-app --branch "$FRAPPE_BRANCH" --skip-assets "$ERPNEXT_REPO"
	fi
}

# Point the bench at this checkout, so a fresh clone's code is what gets installed and tested.
link_app() {
	local link="$AGENCY_BENCH/apps/agency_service"
	if [ "$(readlink -f "$link" 2>/dev/null)" != "$APP_ROOT" ]; then
		log "Linking apps/agency_service -> $APP_ROOT"
		rm -rf "$link"
		ln -s "$APP_ROOT" "$link"
	fi
	# The desk loads the app's plain scripts (hooks.app_include_js) from sites/assets/agency_service,
	# which `bench build` linked to the checkout that built it: keep it on this one.
	local assets="$AGENCY_BENCH/sites/assets"
	if [ -d "$assets" ] && [ "$(readlink -f "$assets/agency_service")" != "$APP_ROOT/agency_service/public" ]; then
		rm -rf "$assets/agency_service"
		ln -s "$APP_ROOT/agency_service/public" "$assets/agency_service"
	fi
	local apps_txt="$AGENCY_BENCH/sites/apps.txt"
	if ! grep -qx agency_service "$apps_txt"; then
		[ -z "$(tail -c1 "$apps_txt")" ] || echo >>"$apps_txt"  # bench leaves no final newline
		echo agency_service >>"$apps_txt"
	fi
	local imported
	imported="$(cd /tmp && bench_python -c 'import os, agency_service; print(os.path.realpath(agency_service.__file__))' 2>/dev/null || true)"
	if [ "$imported" != "$APP_ROOT/agency_service/__init__.py" ]; then
		log "Installing agency_service (editable) into the bench env"
		uv pip install -q -e "$link" --python "$AGENCY_BENCH/env/bin/python"
	fi
	local wanted="$STATE_DIR/requirements-test.installed"
	if ! cmp -s "$APP_ROOT/requirements-test.txt" "$wanted"; then
		uv pip install -q -r "$APP_ROOT/requirements-test.txt" --python "$AGENCY_BENCH/env/bin/python"
		mkdir -p "$STATE_DIR" && cp "$APP_ROOT/requirements-test.txt" "$wanted"
	fi
}

# Fingerprint of what a migrate depends on: app code, fixtures, patches, and the frappe/erpnext versions.
code_fingerprint() {
	{
		(cd "$APP_ROOT" && git ls-files -s agency_service 2>/dev/null && git diff HEAD -- agency_service 2>/dev/null) || true
		git -C "$AGENCY_BENCH/apps/frappe" rev-parse HEAD
		git -C "$AGENCY_BENCH/apps/erpnext" rev-parse HEAD
	} | sha1sum | cut -d' ' -f1
}

# Create the site with erpnext + agency_service, or migrate it when the code changed since last time.
ensure_site() {
	local site="$1" marker="$AGENCY_BENCH/sites/$1/.agency-fingerprint"
	# Installed and migrated with this very code already: nothing to ask the bench (each call costs seconds).
	if [ -f "$AGENCY_BENCH/sites/$site/site_config.json" ] && [ "$(cat "$marker" 2>/dev/null)" = "$(code_fingerprint)" ]; then
		return 0
	fi
	if [ ! -f "$AGENCY_BENCH/sites/$site/site_config.json" ]; then
		log "Creating site $site"
		bench_cmd new-site "$site" --db-root-password "$AGENCY_DB_ROOT_PASSWORD" \
			--admin-password "$AGENCY_ADMIN_PASSWORD" --mariadb-user-host-login-scope=% >/dev/null
	fi
	local installed
	installed="$(bench_cmd --site "$site" list-apps 2>/dev/null || true)"
	if ! grep -q '^erpnext' <<<"$installed"; then
		log "Installing ERPNext on $site"
		bench_cmd --site "$site" install-app erpnext >/dev/null
	fi
	if ! grep -q '^agency_service' <<<"$installed"; then
		log "Installing agency_service on $site"
		bench_cmd --site "$site" install-app agency_service >/dev/null
		code_fingerprint >"$marker"
	elif [ "$(cat "$marker" 2>/dev/null)" != "$(code_fingerprint)" ]; then
		log "Code changed since $site was last migrated: migrating"
		bench_cmd --site "$site" migrate --skip-search-index >/dev/null
		code_fingerprint >"$marker"
	fi
}

# --- assets and servers ------------------------------------------------------------------------

# Fingerprint of the app's own assets (what `bench build --app agency_service` compiles).
assets_fingerprint() {
	(cd "$APP_ROOT" && git ls-files -s agency_service/public 2>/dev/null && git diff HEAD -- agency_service/public 2>/dev/null \
		&& git ls-files -o --exclude-standard agency_service/public 2>/dev/null) | sha1sum | cut -d' ' -f1
}

# The bundles the bench's assets.json names for the app are files of this checkout (another checkout
# that built the same sources names bundles with other hashes, which this one does not have).
bundles_of_this_checkout() {
	python3 - "$AGENCY_BENCH/sites/assets/assets.json" "$APP_ROOT/agency_service/public" <<'PY'
import json, os, sys
named = json.load(open(sys.argv[1])).values()
prefix = "/assets/agency_service/"
missing = [p for p in named if p.startswith(prefix) and not os.path.exists(os.path.join(sys.argv[2], p[len(prefix):]))]
sys.exit(1 if missing else 0)
PY
}

build_assets() {
	local marker="$STATE_DIR/assets-fingerprint"
	if [ ! -f "$AGENCY_BENCH/sites/assets/assets.json" ]; then
		log "Building assets (frappe, erpnext, agency_service)"
		# --force builds locally instead of trying to download prebuilt assets.
		bench_cmd build --force >"$STATE_DIR/logs/build.log" 2>&1 || die "Asset build failed: see $STATE_DIR/logs/build.log"
	elif [ "$(cat "$marker" 2>/dev/null)" != "$(assets_fingerprint)" ] || ! bundles_of_this_checkout; then
		# (a checkout of its own, e.g. CI's fresh clone, has no bundles yet, or not those the bench names:
		# they are built into it)
		log "Building the app's assets"
		bench_cmd build --app agency_service >"$STATE_DIR/logs/build.log" 2>&1 || die "Asset build failed: see $STATE_DIR/logs/build.log"
	fi
	assets_fingerprint >"$marker"
}

# --- the production stack: nginx in front of gunicorn and socketio, supervised workers ---------------

# Each stack (the demo desk, a test's) is named and keeps its sockets, pids and nginx config under
# $STATE_DIR/stacks/NAME. gunicorn and socketio listen on Unix sockets there, so stacks and benches
# never compete for ports: nginx alone listens, on 127.0.0.1:PORT.
stack_dir() { printf '%s/stacks/%s' "$STATE_DIR" "$1"; }

# Servers started by earlier versions of this script (gunicorn on the desk port, no nginx).
stop_legacy_servers() {
	local pidfile
	for pidfile in "$STATE_DIR"/pids/*.pid; do
		[ -f "$pidfile" ] && stop_process "$pidfile"
	done
	return 0
}

stop_process() {
	local pidfile="$1"
	if [ -f "$pidfile" ]; then
		kill -- "-$(cat "$pidfile")" 2>/dev/null || kill "$(cat "$pidfile")" 2>/dev/null || true
		rm -f "$pidfile"
	fi
}

# A long-running process must not keep the caller's pipes open (a caller reading our output, such as
# `setup.sh | tee` or a test, would wait for it forever): close every descriptor above stderr.
close_inherited_fds() {
	local fd
	for fd in /proc/$$/fd/*; do
		fd="${fd##*/}"
		[ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
	done
	return 0
}
export -f close_inherited_fds

# Run CMD under a supervisor loop in its own session: when CMD exits (crash, OOM kill, a killed worker)
# it is started again after a pause; the loop writes its pid (the session's) to PIDFILE and CMD's pid to
# PIDFILE.child. stop_process PIDFILE ends the loop and CMD together. STALE_SOCKET, if set, is removed
# before each start.
supervise() {
	local pidfile="$1" log="$2" dir="$3"
	shift 3
	stop_process "$pidfile"
	(
		cd "$dir" || exit 1
		exec setsid bash -c '
		pidfile="$1"; shift
		close_inherited_fds
		echo $$ >"$pidfile"
		trap "kill \$child 2>/dev/null; exit 0" TERM INT
		while :; do
			# a process killed hard leaves its Unix socket behind, which would refuse the next start
			[ -z "${STALE_SOCKET:-}" ] || rm -f "$STALE_SOCKET"
			"$@" &
			child=$!
			echo "$child" >"$pidfile.child"
			wait "$child" && status=0 || status=$?
			echo "[supervise] $(date -Is) exited with status $status; restarting in 2 s"
			sleep 2
		done' supervise "$pidfile" "$@"
	) >>"$log" 2>&1 </dev/null &
}

write_nginx_conf() {
	local site="$1" port="$2" dir="$3" sites="$AGENCY_BENCH/sites" user_line=""
	[ "$(id -u)" -eq 0 ] && user_line="user $(id -un);"
	mkdir -p "$dir/nginx-temp"
	cat >"$dir/nginx.conf" <<-EOF
		# Written by scripts/lib.sh (write_nginx_conf) for site $site; edits are overwritten.
		$user_line
		worker_processes 2;
		pid $dir/nginx.pid;
		error_log $dir/nginx-error.log warn;
		events { worker_connections 1024; }
		http {
			include /etc/nginx/mime.types;
			default_type application/octet-stream;
			access_log $dir/nginx-access.log;
			client_body_temp_path $dir/nginx-temp/body;
			proxy_temp_path $dir/nginx-temp/proxy;
			fastcgi_temp_path $dir/nginx-temp/fastcgi;
			uwsgi_temp_path $dir/nginx-temp/uwsgi;
			scgi_temp_path $dir/nginx-temp/scgi;
			sendfile on;
			keepalive_timeout 15;
			client_max_body_size 50m;
			gzip on;
			gzip_types text/css application/javascript application/json image/svg+xml;
			server_tokens off;

			upstream frappe_web { server unix:$dir/web.sock fail_timeout=0; }
			upstream frappe_socketio { server unix:$dir/socketio.sock fail_timeout=0; }

			server {
				listen 127.0.0.1:$port;
				server_name _;
				root $sites;
				proxy_buffer_size 128k;
				proxy_buffers 4 256k;
				proxy_busy_buffers_size 256k;
				add_header X-Frame-Options "SAMEORIGIN";
				add_header X-Content-Type-Options nosniff;

				location /assets {
					try_files \$uri =404;
					add_header Cache-Control "max-age=31536000";
				}
				# Private files: Frappe checks permission, then hands the file to nginx (X-Accel-Redirect).
				location ~ ^/protected/(.*) {
					internal;
					try_files /$site/\$1 =404;
				}
				location /socket.io {
					proxy_http_version 1.1;
					proxy_set_header Upgrade \$http_upgrade;
					proxy_set_header Connection "upgrade";
					proxy_set_header X-Frappe-Site-Name $site;
					proxy_set_header Origin \$scheme://\$http_host;
					proxy_set_header Host \$host;
					proxy_read_timeout 300;
					proxy_pass http://frappe_socketio;
				}
				location / {
					location ~* ^/files/.*\.(htm|html|svg|xml) {
						add_header Content-disposition "attachment";
						try_files /$site/public/\$uri @webserver;
					}
					try_files /$site/public/\$uri @webserver;
				}
				location @webserver {
					proxy_http_version 1.1;
					# Replaced, never appended: the client cannot choose the address Frappe sees
					# (rate limits, login attempts) by sending its own X-Forwarded-For.
					proxy_set_header X-Forwarded-For \$remote_addr;
					proxy_set_header X-Real-IP \$remote_addr;
					proxy_set_header X-Forwarded-Proto \$scheme;
					proxy_set_header X-Frappe-Site-Name $site;
					proxy_set_header Host \$host;
					proxy_set_header X-Use-X-Accel-Redirect True;
					proxy_read_timeout 120;
					proxy_redirect off;
					proxy_pass http://frappe_web;
				}
			}
		}
	EOF
	nginx -t -c "$dir/nginx.conf" >"$dir/nginx-test.log" 2>&1 || die "Bad nginx configuration: see $dir/nginx-test.log"
}

start_nginx() {
	local dir="$1"
	stop_nginx "$dir"
	bash -c 'close_inherited_fds; exec nginx -c "$0"' "$dir/nginx.conf" </dev/null >/dev/null 2>>"$dir/nginx-error.log" \
		|| die "nginx did not start: see $dir/nginx-error.log"
}

stop_nginx() {
	local dir="$1"
	if [ -f "$dir/nginx.pid" ]; then
		nginx -c "$dir/nginx.conf" -s quit 2>/dev/null || kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
		local i
		for i in $(seq 1 50); do [ -f "$dir/nginx.pid" ] || break; sleep 0.1; done
	fi
}

# Serve SITE on http://127.0.0.1:PORT the way Frappe production does: nginx serves /assets and /files
# and proxies the rest to gunicorn and /socket.io to the socketio server; RQ workers and (unless
# AGENCY_SCHEDULER=0) the scheduler run under supervise. Settings: AGENCY_WEB_WORKERS (gunicorn
# workers, 2), AGENCY_RQ_WORKERS (RQ workers, 1).
serve_stack() {
	local site="$1" port="$2" name="$3" dir env="$AGENCY_BENCH/env/bin" i
	dir="$(stack_dir "$name")"
	mkdir -p "$dir"
	stop_stack "$name"
	write_nginx_conf "$site" "$port" "$dir"
	log "Starting $name: nginx on 127.0.0.1:$port -> gunicorn ($AGENCY_WEB_WORKERS workers), socketio;" \
		"$AGENCY_RQ_WORKERS RQ worker(s)$([ "$AGENCY_SCHEDULER" = 1 ] && echo ', scheduler')"
	rm -f "$dir/web.sock" "$dir/socketio.sock"
	supervise "$dir/web.pid" "$dir/web.log" "$AGENCY_BENCH/sites" \
		"$env/gunicorn" -b "unix:$dir/web.sock" -w "$AGENCY_WEB_WORKERS" -t 120 --graceful-timeout 30 \
		--max-requests 5000 --max-requests-jitter 500 --preload frappe.app:application
	FRAPPE_SOCKETIO_UDS="$dir/socketio.sock" STALE_SOCKET="$dir/socketio.sock" supervise "$dir/socketio.pid" "$dir/socketio.log" \
		"$AGENCY_BENCH" node apps/frappe/socketio.js
	for i in $(seq 1 "$AGENCY_RQ_WORKERS"); do
		supervise "$dir/worker-$i.pid" "$dir/worker-$i.log" "$AGENCY_BENCH" \
			"$BENCH_BIN" worker --queue short,default,long
	done
	if [ "$AGENCY_SCHEDULER" = 1 ]; then
		supervise "$dir/scheduler.pid" "$dir/scheduler.log" "$AGENCY_BENCH" "$BENCH_BIN" schedule
	fi
	for i in $(seq 1 100); do
		[ -S "$dir/web.sock" ] && [ -S "$dir/socketio.sock" ] && break
		sleep 0.3
	done
	# nginx runs as the bench's user and must reach the sockets: they live in the bench, like the sites.
	start_nginx "$dir"
	for i in $(seq 1 120); do
		curl -fsS -m 2 "http://127.0.0.1:$port/api/method/ping" >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	die "The desk did not answer on port $port: see $dir/web.log and $dir/nginx-error.log"
}

stop_stack() {
	local dir pidfile
	dir="$(stack_dir "$1")"
	[ -d "$dir" ] || return 0
	stop_nginx "$dir"
	for pidfile in "$dir"/*.pid; do
		[ -f "$pidfile" ] && [ "$pidfile" != "$dir/nginx.pid" ] && stop_process "$pidfile"
	done
	rm -f "$dir"/*.pid.child
}

stack_status() {
	local dir pidfile name
	dir="$(stack_dir "$1")"
	for pidfile in "$dir"/*.pid "$dir"/*.pid.child; do
		[ -f "$pidfile" ] || continue
		name="$(basename "$pidfile")"
		name="${name%.pid}"
		name="${name%.pid.child}"
		case "$pidfile" in *.child) name="$name.child" ;; esac
		kill -0 "$(cat "$pidfile")" 2>/dev/null && echo "$name $(cat "$pidfile")"
	done
}
