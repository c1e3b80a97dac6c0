# Sourced by CI (`. .ci/postgres.sh`): installs Debian's PostgreSQL if missing, runs a dedicated
# cluster on 127.0.0.1, creates a database and a role for the tests, and exports DATABASE_URL.
# Idempotent (a second run reuses the running cluster). On any failure it says why and leaves
# DATABASE_URL unset, so the suites that need a server skip and the embedded (PGlite) path still runs.
# Settings: ONAIR_PG_PORT (default 55432), ONAIR_PG_CLUSTER (default onair_ci).

onair_pg_setup() (
  port="${ONAIR_PG_PORT:-55432}"
  cluster="${ONAIR_PG_CLUSTER:-onair_ci}"
  database="onair_test"
  role="onair_test"
  password="onair_test"

  say() { echo "postgres.sh: $*" >&2; }
  as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi
  }
  as_postgres() { as_root runuser -u postgres -- "$@"; }

  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    say "installing postgresql (apt-get)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || { say "apt-get update failed"; return 1; }
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
      || { say "apt-get install postgresql failed"; return 1; }
  fi
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  [ -n "$version" ] || { say "no PostgreSQL server binaries found"; return 1; }

  status() { pg_lsclusters -h 2>/dev/null | awk -v v="$version" -v c="$cluster" -v f="$1" '$1==v && $2==c {print $f}'; }
  if [ -z "$(status 2)" ]; then
    # The package's own cluster ("main") is left alone: this one has its port and its data.
    as_root pg_createcluster "$version" "$cluster" --port "$port" >/dev/null \
      || { say "pg_createcluster failed"; return 1; }
    # Loopback only; durability traded for speed, as this cluster only ever holds test data.
    printf '%s\n' "listen_addresses = '127.0.0.1'" "fsync = off" "synchronous_commit = off" \
      "full_page_writes = off" | as_root tee "/etc/postgresql/$version/$cluster/conf.d/onair-ci.conf" >/dev/null \
      || { say "could not write the cluster settings"; return 1; }
  fi
  if [ "$(status 4)" != online ]; then
    # Its messages (e.g. "Removed stale pid file.") go to stderr: stdout carries only the URL.
    # More tries cover a previous server (or another process) still letting go of the port.
    started=no
    for wait in 0 2 3 5 5; do
      sleep "$wait"
      if as_root pg_ctlcluster "$version" "$cluster" start >&2; then started=yes; break; fi
    done
    [ "$started" = yes ] || { say "the server did not start (see /var/log/postgresql)"; return 1; }
  fi
  actual_port="$(status 3)"
  for _ in $(seq 1 50); do
    pg_isready -q -h 127.0.0.1 -p "$actual_port" && break
    sleep 0.2
  done
  pg_isready -q -h 127.0.0.1 -p "$actual_port" || { say "the server does not answer on 127.0.0.1:$actual_port"; return 1; }

  psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$actual_port" -d postgres "$@"; }
  if [ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]; then
    psql_admin -c "CREATE ROLE $role LOGIN PASSWORD '$password'" || { say "could not create the role"; return 1; }
  fi
  if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
    psql_admin -c "CREATE DATABASE $database OWNER $role" || { say "could not create the database"; return 1; }
  fi
  url="postgres://$role:$password@127.0.0.1:$actual_port/$database"
  # The tests kill their own listening connection (pg_terminate_backend): same role, allowed.
  PGPASSWORD="$password" psql -X -q -h 127.0.0.1 -p "$actual_port" -U "$role" -d "$database" -tAc "SELECT 1" >/dev/null \
    || { say "cannot log in as $role"; return 1; }
  echo "$url"
)

if [ -n "${DATABASE_URL:-}" ] && psql -X -q "$DATABASE_URL" -tAc "SELECT 1" >/dev/null 2>&1; then
  echo "postgres.sh: DATABASE_URL already points to a server that answers; keeping it" >&2
elif ONAIR_PG_URL="$(onair_pg_setup | tail -n 1)" && [[ "$ONAIR_PG_URL" =~ ^postgres://[^[:space:]]+$ ]]; then
  export DATABASE_URL="$ONAIR_PG_URL"
  echo "postgres.sh: PostgreSQL ready, DATABASE_URL exported (${DATABASE_URL%%:*}://…@127.0.0.1)" >&2
else
  unset DATABASE_URL
  echo "postgres.sh: PostgreSQL unavailable; DATABASE_URL left unset (tests needing a server will skip)" >&2
fi
unset ONAIR_PG_URL
unset -f onair_pg_setup
