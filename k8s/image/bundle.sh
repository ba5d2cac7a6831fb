#!/bin/sh
# The production bundle of one app: what the Dockerfile's last stage copies, and what the
# image test (platform/test/integration/image-bundle.test.ts) starts against a real sidecar.
# Run from a built checkout (`npm run build`):  sh k8s/image/bundle.sh <service> <out dir>
# It holds the production dependencies only (npm ci --omit=dev), the compiled JavaScript of
# the kit and of that one service (no TypeScript sources, no tests), its data files, the
# migrations (the migration Job runs services/common/dist/migrate-main.js).
set -eu
service="$1"
out="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
[ -f "$root/services/$service/dist/main.js" ] || { echo "bundle: services/$service/dist/main.js is missing; run npm run build first" >&2; exit 1; }

mkdir -p "$out"
cp "$root/package.json" "$root/package-lock.json" "$out/"
# npm ci checks the lock's workspaces against their package.json files: every one is copied.
for manifest in "$root"/services/*/package.json "$root"/platform/package.json; do
  dir="$out/${manifest#"$root"/}"
  mkdir -p "$(dirname "$dir")"
  cp "$manifest" "$dir"
done
(cd "$out" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)

for app in common "$service"; do
  cp -R "$root/services/$app/dist" "$out/services/$app/dist"
  rm -f "$out/services/$app/dist/.tsbuildinfo"
  [ -d "$root/services/$app/data" ] && cp -R "$root/services/$app/data" "$out/services/$app/data"
done
cp -R "$root/migrations" "$out/migrations"
echo "bundle: $service in $out"
