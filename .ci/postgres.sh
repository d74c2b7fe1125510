#!/usr/bin/env bash
# Installs Debian's PostgreSQL, starts it as the postgres user, and creates the test database
# and user that maestro-jdbc's tests (and the crash/bench harnesses) use.
#
# PostgreSQL refuses to run as root (CI runs as root); Debian's cluster runs as the postgres user
# with durability on, as the benchmarks need. The tests fall back to zonky's embedded binaries
# when MAESTRO_TEST_POSTGRES_URL is unset (zonky 2.2 gets past root by running the server as
# "nobody", with fsync off), but CI uses this real server.
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

    if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
        # Installed without a cluster (the package's own creation was skipped): make the default one.
        local installed
        installed="$(ls /usr/lib/postgresql | sort -V | tail -1)"
        echo "postgres.sh: creating cluster $installed/main" >&2
        pg_createcluster "$installed" main >&2
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
    # Sourced: run as a child process (its own `set -e` then holds whatever the caller's context)
    # and export the variable into the caller.
    if _maestro_pg_out="$(bash "${BASH_SOURCE[0]}")"; then
        eval "$_maestro_pg_out"
        unset _maestro_pg_out
        echo "postgres.sh: MAESTRO_TEST_POSTGRES_URL=$(echo "$MAESTRO_TEST_POSTGRES_URL" | sed 's/password=[^&]*/password=***/')" >&2
    else
        unset _maestro_pg_out
        echo "postgres.sh: could not start PostgreSQL for the tests" >&2
        return 1
    fi
else
    _maestro_pg_main
fi
