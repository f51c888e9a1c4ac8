#!/usr/bin/env bash
# The multi-machine layout on one machine, every part on its own 127.0.0.1 port (docs/DEPLOY.md, "On loopback"):
# the PostgreSQL primary (the existing cluster, a database of its own) and a streaming replica (deploy/replica.sh),
# moto's S3 server, two gunicorn app servers and a job worker beside each, nginx in front of both.
#
#   deploy/loopback.sh start     # start everything (the first start also migrates and loads the demo)
#   deploy/loopback.sh status    # what runs
#   deploy/loopback.sh smoke     # try it through nginx (deploy/loopback_smoke.py)
#   deploy/loopback.sh stop      # stop everything this script started (the replica's data and database stay)
#   deploy/loopback.sh destroy   # stop, then delete the replica, the database and the state folder
#
# Ports and names (environment): LOOPBACK_DIR (/tmp/thidua-loopback), NGINX_PORT (8180), APP1_PORT (8101),
# APP2_PORT (8102), S3_PORT (8190), REPLICA_PORT (5433), LOOPBACK_DB (thidua_loopback), NO_REPLICA=1 to run
# without the replica. Run from anywhere; needs `make .venv/.test-installed` (moto) and nginx (apt-get install nginx).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${LOOPBACK_DIR:-/tmp/thidua-loopback}
NGINX_PORT=${NGINX_PORT:-8180}
APP1_PORT=${APP1_PORT:-8101}
APP2_PORT=${APP2_PORT:-8102}
S3_PORT=${S3_PORT:-8190}
export REPLICA_PORT=${REPLICA_PORT:-5433}
export REPLICA_DIR="$STATE/replica"
DB=${LOOPBACK_DB:-thidua_loopback}
BIN="$ROOT/.venv/bin"
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PROCESSES=(nginx app1 app2 worker1 worker2 s3)

write_env() {
  # Written once: the key and the seal key survive a restart (docs/DEPLOY.md: back the seal key up).
  [ -f "$STATE/env" ] && return
  mkdir -p "$STATE"
  python3 -c "import secrets; print(secrets.token_urlsafe(48))" >"$STATE/ballot-seal.key"
  chmod 600 "$STATE/ballot-seal.key"
  local replica_url=""
  [ -z "${NO_REPLICA:-}" ] && replica_url="postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB"
  cat >"$STATE/env" <<EOF
DEBUG=false
SECRET_KEY=$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")
ALLOWED_HOSTS=127.0.0.1,localhost
TRUSTED_PROXIES=127.0.0.1
SESSION_COOKIE_SECURE=false
CSRF_COOKIE_SECURE=false
SECURE_SSL_REDIRECT=false
DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
DATABASE_REPLICA_URL=$replica_url
S3_BUCKET=thidua-loopback
S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
S3_REGION=us-east-1
S3_ACCESS_KEY_ID=loopback
S3_SECRET_ACCESS_KEY=loopback
BALLOT_SEAL_KEY_FILE=$STATE/ballot-seal.key
STATIC_ROOT=$STATE/staticfiles
LOG_LEVEL=WARNING
EOF
}

with_env() { (set -a && . "$STATE/env" && set +a && cd "$ROOT" && "$@"); }

running() { [ -f "$STATE/$1.pid" ] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

background() { # name, command…: started detached, its pid kept in $STATE/name.pid, its output in $STATE/name.log
  local name=$1
  shift
  if running "$name"; then return; fi
  # exec: the pid kept is the program's own (setsid does not fork here: the subshell leads no process group).
  (set -a && . "$STATE/env" && set +a && cd "$ROOT" && exec setsid "$@") >"$STATE/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
}

wait_http() { # url: until it answers (30 s)
  for _ in $(seq 150); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "No answer from $1" >&2
  return 1
}

start() {
  write_env
  [ -z "${NO_REPLICA:-}" ] && "$ROOT/deploy/replica.sh" start
  background s3 "$BIN/moto_server" -H 127.0.0.1 -p "$S3_PORT"
  wait_http "http://127.0.0.1:$S3_PORT/"
  with_env "$BIN/python" -c "
import os, boto3
s3 = boto3.client('s3', endpoint_url=os.environ['S3_ENDPOINT_URL'], region_name='us-east-1',
                  aws_access_key_id='loopback', aws_secret_access_key='loopback')
if os.environ['S3_BUCKET'] not in [b['Name'] for b in s3.list_buckets()['Buckets']]:
    s3.create_bucket(Bucket=os.environ['S3_BUCKET'])"
  if [ "$("$PG_BIN/psql" -X -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT count(*) FROM pg_database WHERE datname = '$DB'")" = 0 ]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -U postgres "$DB"
  fi
  with_env "$BIN/python" manage.py migrate --noinput -v0
  if [ ! -f "$STATE/.seeded" ]; then
    echo "Loading the demo into $DB (once) …"
    with_env "$BIN/python" manage.py seed_demo -v0 && touch "$STATE/.seeded"
  fi
  with_env "$BIN/python" manage.py collectstatic --noinput -v0
  # Each its own control socket (gunicorn 27's default path is one per user: the second would take the first's).
  background app1 "$BIN/gunicorn" thidua.wsgi:application -b "127.0.0.1:$APP1_PORT" --workers 2 --access-logfile - \
    --control-socket "$STATE/app1.ctl"
  background app2 "$BIN/gunicorn" thidua.wsgi:application -b "127.0.0.1:$APP2_PORT" --workers 2 --access-logfile - \
    --control-socket "$STATE/app2.ctl"
  background worker1 "$BIN/python" manage.py jobs_worker
  background worker2 "$BIN/python" manage.py jobs_worker
  mkdir -p "$STATE/nginx"
  sed -e "s|@STATE@|$STATE|g" -e "s|@NGINX_PORT@|$NGINX_PORT|g" -e "s|@APP1_PORT@|$APP1_PORT|g" \
    -e "s|@APP2_PORT@|$APP2_PORT|g" "$ROOT/deploy/nginx/loopback.conf.template" >"$STATE/nginx/nginx.conf"
  nginx -t -q -c "$STATE/nginx/nginx.conf"
  background nginx nginx -c "$STATE/nginx/nginx.conf"
  wait_http "http://127.0.0.1:$APP1_PORT/login/"
  wait_http "http://127.0.0.1:$APP2_PORT/login/"
  wait_http "http://127.0.0.1:$NGINX_PORT/login/"
  status
}

status() {
  for name in "${PROCESSES[@]}"; do
    if running "$name"; then echo "$name: running (pid $(cat "$STATE/$name.pid"))"; else echo "$name: stopped"; fi
  done
  [ -z "${NO_REPLICA:-}" ] && "$ROOT/deploy/replica.sh" status || true
  echo "Through nginx: http://127.0.0.1:$NGINX_PORT/ (state and logs in $STATE)"
}

stop() {
  for name in "${PROCESSES[@]}"; do
    if running "$name"; then
      local pid
      pid=$(cat "$STATE/$name.pid")
      kill -TERM "$pid"
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      echo "$name: stopped"
    fi
    rm -f "$STATE/$name.pid"
  done
  [ -z "${NO_REPLICA:-}" ] && "$ROOT/deploy/replica.sh" stop || true
}

destroy() {
  stop
  [ -z "${NO_REPLICA:-}" ] && "$ROOT/deploy/replica.sh" destroy || true
  "$PG_BIN/dropdb" -h 127.0.0.1 -U postgres --if-exists "$DB"
  rm -rf "$STATE"
  echo "Deleted the database $DB and $STATE."
}

case "${1:-}" in
  start) start ;;
  status) status ;;
  smoke) with_env "$BIN/python" deploy/loopback_smoke.py --nginx "http://127.0.0.1:$NGINX_PORT" --state "$STATE" ;;
  stop) stop ;;
  destroy) destroy ;;
  *) echo "usage: $0 start|status|smoke|stop|destroy" >&2; exit 2 ;;
esac
