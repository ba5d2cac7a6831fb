#!/usr/bin/env bash
# Installs the pinned Dapr runtime (daprd, placement, scheduler, sentry) into
# ${DAPR_RUNTIME_PATH:-$HOME}/.dapr/bin, building it from its Go module when no binary of
# the right version is there. docs/decisions.md ("Dapr runtime build") says why it is built this way.
set -euo pipefail

DAPR_VERSION=1.18.3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin_dir="${DAPR_RUNTIME_PATH:-$HOME}/.dapr/bin"
binaries=(daprd placement scheduler sentry)

say() { printf '[dapr-runtime] %s\n' "$*" >&2; }

installed_version() {
  # daprd prints its stamped version; placement and scheduler come from the same build.
  [ -x "$bin_dir/daprd" ] || return 0
  "$bin_dir/daprd" --version 2>/dev/null | head -n1 | tr -d '[:space:]'
}

all_present() {
  local b
  for b in "${binaries[@]}"; do [ -x "$bin_dir/$b" ] || return 1; done
}

if all_present && [ "$(installed_version)" = "$DAPR_VERSION" ]; then
  say "Dapr runtime $DAPR_VERSION already installed in $bin_dir"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  say "Dapr runtime $DAPR_VERSION is not in $bin_dir and no Go toolchain was found."
  say "Either install Dapr $DAPR_VERSION with 'dapr init' (binaries in \$HOME/.dapr/bin),"
  say "or install Go >= 1.26.6 so that it can be built from its Go module."
  exit 1
fi

required_go=1.26.6
have_go=$(go env GOVERSION | sed 's/^go//')
if [ "$(printf '%s\n%s\n' "$required_go" "$have_go" | sort -V | head -n1)" != "$required_go" ]; then
  say "Go $have_go is too old to build Dapr $DAPR_VERSION: it needs Go >= $required_go (the runtime's go.mod says so)."
  say "Install a newer Go, or install Dapr $DAPR_VERSION with 'dapr init --slim'."
  exit 1
fi

mkdir -p "$bin_dir"
ldflags="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$DAPR_VERSION -X github.com/dapr/dapr/pkg/buildinfo.gitversion=v$DAPR_VERSION"
say "building Dapr runtime $DAPR_VERSION from its Go module into $bin_dir"
say "a cold build compiles every Dapr component and takes about 8-10 minutes on 2 cores (once: later builds reuse the Go build cache)"
cd "$here/runtime"
for b in "${binaries[@]}"; do
  start=$(date +%s)
  say "go build $b ..."
  tags=()
  # allcomponents brings in the sqlite name resolver used for loopback-only runs.
  [ "$b" = daprd ] && tags=(-tags allcomponents)
  CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod \
    go build "${tags[@]}" -trimpath -ldflags "$ldflags" -o "$bin_dir/$b.tmp" "github.com/dapr/dapr/cmd/$b"
  mv "$bin_dir/$b.tmp" "$bin_dir/$b"
  say "built $b in $(( $(date +%s) - start ))s ($(du -h "$bin_dir/$b" | cut -f1))"
done
say "installed: $("$bin_dir/daprd" --version)"
