#!/usr/bin/env bash
# A PostgreSQL streaming replica of the primary, on this machine (docs/DEPLOY.md, "The replica").
#
#   deploy/replica.sh start    # make it once with pg_basebackup -R (a copy of the whole primary cluster), then start it
#   deploy/replica.sh status   # is it up, in recovery, and how far behind (bytes of WAL not yet replayed)
#   deploy/replica.sh stop     # stop it (its data stays: the next start resumes streaming)
#   deploy/replica.sh destroy  # stop it and delete its data
#
# Settings (environment): PRIMARY_HOST (127.0.0.1), PRIMARY_PORT (5432), PRIMARY_USER (postgres), REPLICA_PORT (5433),
# REPLICA_DIR (/tmp/thidua-loopback/replica), PG_BIN (/usr/lib/postgresql/15/bin).
#
# The primary is never restarted. It must already allow replication: wal_level replica (or logical), max_wal_senders
# above 0 (the defaults of PostgreSQL 15), and a pg_hba.conf line letting PRIMARY_USER connect to the "replication"
# pseudo-database from here ("all" does not match it). Without that line the script says so and stops; with
# ALLOW_PRIMARY_HBA_EDIT=yes it appends "host replication <user> <host>/32 trust" and reloads the primary
# (pg_reload_conf: no restart, nothing else changes). No replication slot is made: a forgotten slot would keep WAL on
# the primary for ever; a replica stopped too long is destroyed and made again.
set -euo pipefail

PRIMARY_HOST=${PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
PRIMARY_USER=${PRIMARY_USER:-postgres}
REPLICA_PORT=${REPLICA_PORT:-5433}
REPLICA_DIR=${REPLICA_DIR:-/tmp/thidua-loopback/replica}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
DATA="$REPLICA_DIR/data"
LOG="$REPLICA_DIR/postgresql.log"

primary() { "$PG_BIN/psql" -X -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -d postgres -Atc "$1"; }
replica() { "$PG_BIN/psql" -X -h 127.0.0.1 -p "$REPLICA_PORT" -U "$PRIMARY_USER" -d postgres -Atc "$1"; }
# The server refuses to run as root: as root, run the PostgreSQL programs as the postgres user.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

check_primary() {
  local wal senders hba
  wal=$(primary "SHOW wal_level")
  senders=$(primary "SHOW max_wal_senders")
  if [ "$wal" = minimal ] || [ "$senders" = 0 ]; then
    echo "The primary has wal_level=$wal, max_wal_senders=$senders: a replica needs wal_level=replica and" \
      "max_wal_senders>0, which only a restart of the primary applies. Not done here." >&2
    exit 1
  fi
  hba=$(primary "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database)
                 AND ('all' = ANY(user_name) OR '$PRIMARY_USER' = ANY(user_name)) AND error IS NULL")
  if [ "$hba" = 0 ]; then
    local file line="host replication $PRIMARY_USER $PRIMARY_HOST/32 trust"
    file=$(primary "SHOW hba_file")
    if [ "${ALLOW_PRIMARY_HBA_EDIT:-}" != yes ]; then
      echo "The primary's $file has no line for replication connections. Add, then SELECT pg_reload_conf():" >&2
      echo "  $line" >&2
      echo "(or run again with ALLOW_PRIMARY_HBA_EDIT=yes to have it done)" >&2
      exit 1
    fi
    echo "# thidua deploy/replica.sh: streaming replication from this machine" >>"$file"
    echo "$line" >>"$file"
    primary "SELECT pg_reload_conf()" >/dev/null
    echo "Added to $file and reloaded the primary: $line"
  fi
}

make_replica() {
  check_primary
  mkdir -p "$REPLICA_DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$REPLICA_DIR"
  echo "pg_basebackup of $PRIMARY_HOST:$PRIMARY_PORT into $DATA ($(primary \
    "SELECT pg_size_pretty(sum(pg_database_size(datname))) FROM pg_database")) …"
  as_owner "$PG_BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -D "$DATA" \
    -X stream -R -c fast --no-password
  # Debian keeps postgresql.conf and pg_hba.conf in /etc, so the copy has none: the replica's own, and the
  # limits a hot standby must not set lower than its primary's.
  local limits=""
  for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions \
    max_locks_per_transaction; do
    limits+="$name = $(primary "SHOW $name")"$'\n'
  done
  as_owner tee "$DATA/postgresql.conf" >/dev/null <<EOF
# The thidua streaming replica (deploy/replica.sh). Connection to the primary: postgresql.auto.conf (-R).
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$REPLICA_DIR'
hot_standby = on
cluster_name = 'thidua_replica'
hot_standby_feedback = on
$limits
EOF
  as_owner tee "$DATA/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
}

start() {
  if [ ! -f "$DATA/standby.signal" ]; then make_replica; fi
  if as_owner "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    echo "The replica is already running on port $REPLICA_PORT."
  else
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 120 start >/dev/null
  fi
  status
}

status() {
  if ! as_owner "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    echo "The replica is not running."
    return 1
  fi
  local recovery lag
  recovery=$(replica "SELECT pg_is_in_recovery()")
  lag=$(primary "SELECT COALESCE(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), -1)
                 FROM pg_stat_replication WHERE application_name = 'thidua_replica'")
  echo "The replica is up on 127.0.0.1:$REPLICA_PORT (in recovery: $recovery; WAL not yet replayed: $lag bytes)."
}

stop() {
  if as_owner "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    echo "The replica is stopped (its data stays in $DATA)."
  else
    echo "The replica was not running."
  fi
}

case "${1:-}" in
  start) start ;;
  status) status ;;
  stop) stop ;;
  destroy) stop && rm -rf "$DATA" && echo "Deleted $DATA." ;;
  *) echo "usage: $0 start|status|stop|destroy" >&2; exit 2 ;;
esac
