# Sourced by scripts/run and scripts/test: a virtualenv in .venv with the requirements installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    echo "python3 cannot create a virtualenv here. On Debian/Ubuntu: apt-get install python3-venv" >&2
    exit 1
  fi
fi
REQ=${REQUIREMENTS:-requirements.txt}
stamp=".venv/.installed-$(cat requirements.txt "$REQ" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$REQ"
  rm -f .venv/.installed-*; touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
