# MiniKube: `make up` starts a local cluster, `make test` runs every test. Run as root on Debian/Ubuntu with the .NET SDK.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CONFIGURATION ?= Release
BIN := $(CURDIR)/bin
# Programs published by `make build`: each into bin/lib/<program>/ with its libraries, linked as bin/<program>.
PROGRAMS := apiserver/MiniKube.ApiServer:minikube-apiserver controllers/MiniKube.ControllerManager:minikube-controller-manager \
	scheduler/MiniKube.Scheduler:minikube-scheduler \
	cli/MiniKube.Cli:minictl runtime/MiniKube.Runc:minirunc runtime/MiniKube.Runtime:minikube-runtime \
	runtime/MiniKube.Shim:minikube-runtime-shim

.PHONY: help build up down test bench deps-run deps-test deps-bench clean

help:
	@echo "make up     build, start etcd (or the embedded store) and the API server under .run/, run a demo"
	@echo "make down   stop everything 'make up' started and remove .run/"
	@echo "make test   install what the tests need, build, run every test"
	@echo "make bench  run the benchmarks (results in docs/benchmarks.md; BENCH_FLAGS=\"--only runtime\", \"--only apiserver\", \"--only controlplane\" or \"--only cri\" for one part)"
	@echo "make build  publish every program into bin/"

# What `make up` needs: etcd is optional (the embedded sqlite store is used without it), the rest is the .NET SDK.
deps-run:
	@command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required: https://dotnet.microsoft.com/download"; exit 1; }
	@command -v etcd >/dev/null || { echo "installing etcd (Debian: etcd-server etcd-client)"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server etcd-client >/dev/null) \
		|| echo "etcd could not be installed: 'make up' will use the embedded sqlite store"; }

# What the tests need: real etcd and etcdctl, real kubectl (versioned binaries), runc to compare minirunc with,
# busybox-static to build container root filesystems, a C toolchain for minirunc's NativeAOT publish, and for
# minikube-runtime's image tests Debian's docker-registry (a local OCI registry) with htpasswd (apache2-utils) for Basic auth,
# and for its pod tests the CNI plugins (containernetworking-plugins: bridge, host-local, loopback, portmap) and iptables for portmap; crun
# for the third runtime handler.
deps-test:
	@command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required"; exit 1; }
	@missing=""; \
	command -v etcd >/dev/null || missing="$$missing etcd-server"; \
	command -v etcdctl >/dev/null || missing="$$missing etcd-client"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	command -v runc >/dev/null || missing="$$missing runc"; \
	[ -x /bin/busybox ] || missing="$$missing busybox-static"; \
	command -v docker-registry >/dev/null || missing="$$missing docker-registry"; \
	command -v htpasswd >/dev/null || missing="$$missing apache2-utils"; \
	[ -x /usr/lib/cni/bridge ] || missing="$$missing containernetworking-plugins"; \
	command -v iptables >/dev/null || missing="$$missing iptables"; \
	command -v crun >/dev/null || missing="$$missing crun"; \
	command -v clang >/dev/null || command -v clang-14 >/dev/null || command -v gcc >/dev/null || missing="$$missing clang"; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi
	@command -v kubectl >/dev/null || { echo "kubectl is required for the tests (the machine's /usr/bin/kubectl with its versioned binaries)"; exit 1; }

build:
	@mkdir -p $(BIN)/lib
	@for p in $(PROGRAMS); do project=$${p%%:*}; name=$${p##*:}; \
		dotnet publish $$project -c $(CONFIGURATION) -o $(BIN)/lib/$$name --nologo -v quiet -p:UseAppHost=true || exit 1; \
		ln -sfn lib/$$name/$$name $(BIN)/$$name; done
	@echo "built: $$(cd $(BIN) && ls -1 | grep -v '^lib$$' | tr '\n' ' ')"

up: deps-run build
	@scripts/cluster-up.sh

down:
	@scripts/cluster-down.sh

# minirunc's tests run the NativeAOT binary that `make build` publishes to bin/minirunc; minikube-runtime's find
# bin/minirunc and bin/minikube-runtime-shim on PATH.
test: deps-test build
	dotnet build MiniKube.sln -c $(CONFIGURATION) --nologo -v quiet
	@log=$$(mktemp); \
	dotnet test MiniKube.sln -c $(CONFIGURATION) --no-build --nologo --logger "console;verbosity=normal" --blame-hang-timeout 10m 2>&1 | tee $$log; \
	status=$${PIPESTATUS[0]}; \
	awk '/^ +Passed: +[0-9]+$$/{p+=$$2} /^ +Failed: +[0-9]+$$/{f+=$$2} /^ +Skipped: +[0-9]+$$/{s+=$$2} \
		END{printf "%d passed, %d failed, %d skipped\n", p, f, s}' $$log; \
	rm -f $$log; exit $$status

# What the cri benchmark adds: skopeo (the pull's peer) and containerd (the CRI peer; the benchmark starts its own on a
# private socket and config, whatever the package does with the machine's /etc/containerd).
deps-bench:
	@missing=""; \
	command -v skopeo >/dev/null || missing="$$missing skopeo"; \
	command -v containerd >/dev/null || missing="$$missing containerd"; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

bench: deps-test deps-bench build
	dotnet run --project bench/MiniKube.Bench -c $(CONFIGURATION) -- --output docs/benchmarks.md $(BENCH_FLAGS)

clean:
	rm -rf $(BIN)
	dotnet clean MiniKube.sln --nologo -v quiet
