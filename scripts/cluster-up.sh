#!/usr/bin/env bash
# Starts the local cluster for `make up`: everything lives under .run/ in the checkout (state, logs, certificates,
# the admin kubeconfig), every component runs in the background, and `make down` undoes it all.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUN=${MINIKUBE_RUN_DIR:-$ROOT/.run}   # tests point MINIKUBE_RUN_DIR elsewhere
SHOWN=${RUN#"$ROOT"/}
BIN=$ROOT/bin
PORT=${MINIKUBE_APISERVER_PORT:-6443}
ETCD_PORT=${MINIKUBE_ETCD_PORT:-2379}
ETCD_PEER_PORT=${MINIKUBE_ETCD_PEER_PORT:-$((ETCD_PORT + 1))}
mkdir -p "$RUN/logs" "$RUN/pids"

running() { [ -f "$RUN/pids/$1" ] && kill -0 "$(cat "$RUN/pids/$1")" 2>/dev/null; }

start() { # name, command...
  local name=$1; shift
  if running "$name"; then echo "  $name is already running (pid $(cat "$RUN/pids/$name"))"; return; fi
  nohup "$@" >"$RUN/logs/$name.log" 2>&1 &
  echo $! >"$RUN/pids/$name"
  echo "  started $name (pid $!), log: $SHOWN/logs/$name.log"
}

wait_for() { # what, seconds, command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $((seconds * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "  $what did not become healthy in ${seconds}s; see $SHOWN/logs/" >&2
  exit 1
}

echo "Starting MiniKube (state in $SHOWN/)"
if command -v etcd >/dev/null; then
  start etcd etcd --name minikube --data-dir "$RUN/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "minikube=http://127.0.0.1:$ETCD_PEER_PORT" --log-level warn
  wait_for etcd 20 curl -sf "http://127.0.0.1:$ETCD_PORT/health"
  STORAGE=(--etcd-servers "http://127.0.0.1:$ETCD_PORT")
  echo "  storage: etcd at http://127.0.0.1:$ETCD_PORT (try: ETCDCTL_API=3 etcdctl --endpoints 127.0.0.1:$ETCD_PORT get /registry --prefix --keys-only)"
else
  STORAGE=(--storage-backend sqlite --data-dir "$RUN/data")
  echo "  storage: embedded sqlite in $SHOWN/data (etcd is not installed)"
fi

start apiserver "$BIN/minikube-apiserver" "${STORAGE[@]}" --secure-port "$PORT" --cert-dir "$RUN/certs"
wait_for apiserver 30 curl -sf --cacert "$RUN/certs/apiserver.crt" "https://127.0.0.1:$PORT/readyz"

# Kubeconfigs: each one trusts the API server's self-signed certificate and carries its own credential, so the
# admin, the controller manager and the scheduler each connect as themselves. Authentication is allow-all until the
# security issue, but kubectl needs some credential (or it prompts for a username): a random token for now.
CA=$(base64 -w0 <"$RUN/certs/apiserver.crt")
write_kubeconfig() { # name (file <name>.kubeconfig, user <name>)
  local name=$1
  [ -f "$RUN/$name.token" ] || head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$RUN/$name.token"
  cat >"$RUN/$name.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: minikube
  cluster:
    server: https://127.0.0.1:$PORT
    certificate-authority-data: $CA
users:
- name: $name
  user:
    token: $(cat "$RUN/$name.token")
contexts:
- name: minikube
  context:
    cluster: minikube
    user: $name
    namespace: default
current-context: minikube
KUBECONFIG
}
write_kubeconfig admin
write_kubeconfig controller-manager
write_kubeconfig scheduler

# The control loops: both leader-elected (Leases kube-system/kube-controller-manager and kube-scheduler).
start controller-manager "$BIN/minikube-controller-manager" --kubeconfig "$RUN/controller-manager.kubeconfig"
start scheduler "$BIN/minikube-scheduler" --kubeconfig "$RUN/scheduler.kubeconfig"
export KUBECONFIG=$RUN/admin.kubeconfig

echo
echo "Demo: apply samples/hello/; the controller manager creates its ReplicaSet and Pods, the scheduler looks for a node"
"$BIN/minictl" apply -f samples/hello/
for _ in $(seq 1 100); do
  [ "$("$BIN/minictl" get pods -l app=hello -o name 2>/dev/null | wc -l)" -ge 2 ] && break
  sleep 0.2
done
"$BIN/minictl" get deployments,replicasets,pods
echo
"$BIN/minictl" get events
echo
cat <<EOF2
MiniKube is up. Point kubectl (or bin/minictl) at it:

  export KUBECONFIG=$RUN/admin.kubeconfig

Then try:
  kubectl get namespaces
  kubectl api-resources
  kubectl get deployments,replicasets,pods -o wide
  kubectl get events -w                    # in another terminal: kubectl create deployment web --image=busybox --replicas=3
  kubectl scale deployment hello --replicas=4; kubectl describe pods -l app=hello   # Events at the end
  kubectl get lease -n kube-system         # who leads: kube-controller-manager, kube-scheduler
  kubectl explain pod.spec.containers
  bin/minictl get all
  ETCDCTL_API=3 etcdctl --endpoints 127.0.0.1:$ETCD_PORT get /registry/deployments/default/hello
No node has joined yet (the kubelet is a later issue), so the scheduler reports "no nodes available to schedule
pods" and the pods stay Pending. Logs are in $SHOWN/logs/ (controller-manager.log and scheduler.log tell the story).
Stop everything with: make down
EOF2
