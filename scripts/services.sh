#!/usr/bin/env bash
# Install and start PostgreSQL, Redis and Chromium for the test suite (Debian/Ubuntu, as root); install
# nginx for the production-like topology (scripts/topology). SeaweedFS comes from pip (requirements-dev.txt).
# Idempotent; prints the DATABASE_URL and broker URL it set up.
set -euo pipefail
need=()
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
command -v chromium >/dev/null || need+=(chromium chromium-driver)
command -v msgfmt >/dev/null || need+=(gettext)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
python3 -c "import ensurepip" 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
# PostgreSQL: start the first cluster, create the test role and database.
ver=$(ls /usr/lib/postgresql | sort -V | tail -n1)
if ! pg_lsclusters -h | grep -q online; then
  pg_lsclusters -h | grep -q . || pg_createcluster "$ver" main >/dev/null
  pg_ctlcluster "$ver" main start
fi
for _ in $(seq 30); do su postgres -c "pg_isready -q" && break; sleep 1; done
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='app'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE app LOGIN SUPERUSER PASSWORD 'app'\""
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='recordings'\"" | grep -q 1 \
  || su postgres -c "createdb -O app recordings"
# Redis on loopback.
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no >/dev/null
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
echo "services ready: postgres://app:app@127.0.0.1:5432/recordings redis://127.0.0.1:6379"
