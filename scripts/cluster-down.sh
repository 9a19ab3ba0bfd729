#!/usr/bin/env bash
# Stops everything `make up` started (the control loops, then the API server, then etcd) and removes .run/.
set -uo pipefail
cd "$(dirname "$0")/.."
RUN=${MINIKUBE_RUN_DIR:-$PWD/.run}
for name in scheduler controller-manager apiserver etcd; do
  pidfile=$RUN/pids/$name
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    echo "stopped $name (pid $pid)"
  fi
done
rm -rf "$RUN"
echo "MiniKube is down; $RUN removed."
