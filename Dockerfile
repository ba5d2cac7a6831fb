# syntax=docker/dockerfile:1
# One image per app of the topology, from one file:
#   docker build --build-arg SERVICE=funds -t winvestco/funds-service:1.0.0 .
#   docker build --build-arg SERVICE=gateway -t winvestco/gateway:1.0.0 .
# The same image runs the app (its Deployment) and its migrations (the `<app>-migrate` Job:
# `node /app/services/common/dist/migrate-main.js`). What it holds is k8s/image/bundle.sh's output, which the test
# suite builds and starts against a real sidecar (platform/test/integration/image-bundle.test.ts).

ARG NODE_IMAGE=node:20.19-bookworm-slim

# 1. Compile the TypeScript of every workspace (the kit and the services share one build).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.base.json tsconfig.build.json ./
COPY platform/package.json platform/
COPY services services
COPY scripts scripts
COPY migrations migrations
COPY k8s/image k8s/image
RUN npm ci --ignore-scripts --no-audit --no-fund && npm run build

# 2. The production bundle of one app: production dependencies only, compiled JavaScript only.
FROM build AS bundle
ARG SERVICE
RUN test -n "${SERVICE}" || (echo "give --build-arg SERVICE=<name> (a folder of services/)" >&2; exit 1)
RUN sh k8s/image/bundle.sh "${SERVICE}" /bundle

# 3. What runs: no compiler, no npm cache, not root; the files belong to root and are read-only
#    to the app (the Deployment also mounts the root filesystem read-only, with /tmp writable).
FROM ${NODE_IMAGE}
ARG SERVICE
ENV NODE_ENV=production \
    WINVESTCO_SERVICE=${SERVICE} \
    APP_HOST=0.0.0.0
COPY --from=bundle /bundle /app
WORKDIR /app/services/${SERVICE}
USER 10001:10001
# The kit answers /healthz without a token; APP_PORT is the app's port (its ConfigMap sets it).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.APP_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
