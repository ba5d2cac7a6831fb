#!/usr/bin/env bash
# Builds the tools that validate k8s/ (kustomize, etcd, kube-apiserver) from their Go modules
# into a cache in the home folder, keyed by version, so every later run (and CI with the home
# folder cached) reuses them. No binary can be downloaded on Winvestco machines; the Go module
# proxy serves the sources, as it does for the Dapr runtime (dapr/install-runtime.sh).
# Prints `name=path` for each tool on stdout; progress goes to stderr.
#
#   kustomize       sigs.k8s.io/kustomize/kustomize/v5 (v5.8.3 needs Go 1.27: 5.8.2 is the newest Go 1.26 builds)
#   etcd            go.etcd.io/etcd/server/v3 (its root package is the etcd main)
#   kube-apiserver  k8s.io/kubernetes/cmd/kube-apiserver; k8s.io/kubernetes requires its
#                   staging modules (k8s.io/api, ...) at v0.0.0 and replaces them with local
#                   folders, so a wrapper module replaces each with its published v0.x release.
set -euo pipefail

KUSTOMIZE_VERSION=v5.8.2
ETCD_VERSION=v3.7.3
KUBERNETES_VERSION=v1.37.2
STAGING_VERSION="v0.${KUBERNETES_VERSION#v1.}"
# The staging modules k8s.io/kubernetes requires (its go.mod); the two sample modules it
# does not require are absent from the proxy.
STAGING=(api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider
  cluster-bootstrap code-generator component-base component-helpers controller-manager cri-api
  cri-client cri-streaming csi-translation-lib dynamic-resource-allocation endpointslice externaljwt
  kms kube-aggregator kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics
  mount-utils pod-security-admission sample-apiserver streaming)

cache="${WINVESTCO_K8S_TOOLS:-$HOME/.cache/winvestco/k8s-tools}"
say() { printf '[k8s-tools] %s\n' "$*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  say "no Go toolchain found: the validation tools are built from Go modules (Go >= 1.26 needed)"
  exit 1
fi

# build <name> <version> <module> <package> <go.mod extra> [ldflags]
build() {
  local name=$1 version=$2 module=$3 package=$4 extra=$5 ldflags=${6:-}
  local out="$cache/$name-$version/$name"
  if [ -x "$out" ]; then
    say "$name $version: cached ($out)"
    echo "$name=$out"
    return
  fi
  local work="$cache/build/$name-$version"
  mkdir -p "$work" "$(dirname "$out")"
  printf 'module winvestco/k8s-tools/%s\n\ngo 1.26\n\nrequire %s %s\n%s\n' "$name" "$module" "$version" "$extra" > "$work/go.mod"
  say "$name $version: building $package from the Go module proxy (the first time takes minutes; later runs reuse $out)"
  local start
  start=$(date +%s)
  (cd "$work" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w $ldflags" -o "$out.tmp" "$package")
  mv "$out.tmp" "$out"
  say "$name $version: built in $(( $(date +%s) - start ))s ($(du -h "$out" | cut -f1))"
  echo "$name=$out"
}

build kustomize "$KUSTOMIZE_VERSION" sigs.k8s.io/kustomize/kustomize/v5 sigs.k8s.io/kustomize/kustomize/v5 ""

build etcd "$ETCD_VERSION" go.etcd.io/etcd/server/v3 go.etcd.io/etcd/server/v3 ""

replaces="replace ("
for m in "${STAGING[@]}"; do replaces+=$'\n\t'"k8s.io/$m => k8s.io/$m $STAGING_VERSION"; done
replaces+=$'\n)'
minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
build kube-apiserver "$KUBERNETES_VERSION" k8s.io/kubernetes k8s.io/kubernetes/cmd/kube-apiserver "$replaces" \
  "-X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
