#!/usr/bin/env bash
# Installs Debian's PostgreSQL, starts it as the postgres user, and creates the test database
# and user that maestro-jdbc's tests (and the crash/bench harnesses) use.
#
# PostgreSQL refuses to run as root, and CI runs as root, so zonky's embedded binaries (the
# laptop fallback) cannot serve here; the cluster Debian sets up runs as the postgres user.
#
# Use either way (progress goes to stderr, the variable to stdout):
#   source .ci/postgres.sh                  # exports MAESTRO_TEST_POSTGRES_URL in this shell
#   eval "$(bash .ci/postgres.sh)"          # same, from a child shell
# Idempotent: a second run finds everything in place.

_maestro_pg_main() {
    set -euo pipefail
    local db=maestro_test user=maestro password=maestro port

    if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
        echo "postgres.sh: installing postgresql" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql >&2
    fi

    # The newest cluster Debian created (Debian 12: "15 main").
    local version cluster status
    read -r version cluster port status _ < <(pg_lsclusters -h | sort -V | tail -1)
    if [ "$status" != "online" ]; then
        echo "postgres.sh: starting cluster $version/$cluster on port $port" >&2
        pg_ctlcluster "$version" "$cluster" start >&2
    fi
    # Wait until it accepts connections.
    local i
    for i in $(seq 1 60); do
        if su postgres -c "psql -p $port -qAtc 'select 1'" >/dev/null 2>&1; then
            break
        fi
        sleep 0.5
    done

    su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qAt" >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE $user LOGIN PASSWORD '$password';
  END IF;
END
\$\$;
SQL
    if [ "$(su postgres -c "psql -p $port -qAtc \"select 1 from pg_database where datname = '$db'\"")" != "1" ]; then
        su postgres -c "createdb -p $port -O $user $db" >&2
    fi
    # The tests terminate their own backends (pg_terminate_backend) to simulate faults; a role
    # may signal backends of roles it is a member of, which covers its own connections.
    # Fresh schemas per test are created by the user, who owns the database.

    echo "export MAESTRO_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$port/$db?user=$user&password=$password'"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    # Sourced: run in a subshell (so set -e does not leak) and export into the caller.
    eval "$( (_maestro_pg_main) )"
    echo "postgres.sh: MAESTRO_TEST_POSTGRES_URL=$MAESTRO_TEST_POSTGRES_URL" >&2
else
    _maestro_pg_main
fi
