#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the postgres target: `start DIR` runs initdb and pg_ctl as the postgres user
# into DIR (listening on 127.0.0.1 only), creates the database and the login role dbt uses, and prints the
# environment to export; `stop DIR` stops it. Settings come from the CX_POSTGRES_* variables (defaults below).
set -euo pipefail

action=${1:?usage: postgres_server.sh start|stop DIR}
dir=$(mkdir -p "${2:?usage: postgres_server.sh start|stop DIR}" && cd "$2" && pwd)
# The postgres user may not be able to enter the caller's directory.
cd /
port=${CX_POSTGRES_PORT:-55432}
user=${CX_POSTGRES_USER:-cx_dbt}
password=${CX_POSTGRES_PASSWORD:-cx_dbt_local}
database=${CX_POSTGRES_DATABASE:-cx_metrics}
# The read-only role BI tools log in as (granted usage and select on marts by dbt, see dbt_project.yml).
reporter=${CX_POSTGRES_REPORTER_ROLE:-reporter}
reporter_password=${CX_POSTGRES_REPORTER_PASSWORD:-reporter_local}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ]; then
    echo "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)" >&2
    exit 1
fi

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

case "$action" in
    start)
        chown postgres "$dir"
        chmod 700 "$dir"
        if ! as_postgres test -w "$dir"; then
            echo "The postgres user cannot reach $dir (a parent folder is closed to it); use a folder such as /tmp/cx-pg" >&2
            exit 1
        fi
        as_postgres "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log"
        as_postgres "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off" start >/dev/null
        as_postgres "$bindir/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q -d postgres \
            -v user="$user" -v password="$password" -v database="$database" \
            -v reporter="$reporter" -v reporter_password="$reporter_password" <<'SQL'
create role :"user" login password :'password';
create database :"database" owner :"user";
create role :"reporter" login password :'reporter_password';
SQL
        echo "PostgreSQL on 127.0.0.1:$port, database $database, role $user (log: $dir/server.log)" >&2
        ;;
    stop)
        as_postgres "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
        ;;
    *)
        echo "usage: postgres_server.sh start|stop DIR" >&2
        exit 2
        ;;
esac
