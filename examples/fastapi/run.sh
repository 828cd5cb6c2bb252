#!/usr/bin/env bash
# Starts the seed article's stack: FastAPI under gunicorn with 4 uvicorn workers, on 127.0.0.1:${PORT:-9000}.
# Installs Debian's python3-fastapi, python3-uvicorn and gunicorn when they are missing (needs root for that).
#   examples/fastapi/run.sh            serve in the foreground (Ctrl-C stops it)
#   examples/fastapi/run.sh --check    only say whether the stack is installed (exit 0) or not (exit 1)
set -euo pipefail
cd "$(dirname "$0")"
PORT=${PORT:-9000}
WORKERS=${WORKERS:-4}

# Debian's python3 (gunicorn's), not another python3 earlier on the PATH.
installed() { /usr/bin/python3 -c 'import fastapi, uvicorn' 2>/dev/null && [ -x /usr/bin/gunicorn ]; }

if [ "${1:-}" = "--check" ]; then
  installed
  exit
fi
if ! installed; then
  echo "fastapi/run.sh: installing Debian's python3-fastapi, python3-uvicorn and gunicorn" >&2
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-fastapi python3-uvicorn gunicorn; } \
    || { echo "fastapi/run.sh: cannot install them (apt-get needs root): install python3-fastapi, python3-uvicorn" \
              "and gunicorn" >&2; exit 1; }
fi
exec /usr/bin/gunicorn app:app --workers "$WORKERS" --worker-class uvicorn.workers.UvicornWorker \
  --bind "127.0.0.1:$PORT" --log-level warning
