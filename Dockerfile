# syntax=docker/dockerfile:1
# Channelkeeper in a container. The build stage packs the package as `npm publish` would; the runtime stage
# installs that tarball without dev dependencies and runs it in production mode. These are the steps
# test/integration/package.integration.test.ts runs on every PostgreSQL pass of the tests.
#
#   docker build -t channelkeeper .
#   docker compose up -d          (with PostgreSQL 17: see compose.yaml and docs/operations.md)

ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-slim AS build
WORKDIR /build
# The manifests first, so that changing a source file does not reinstall the dependencies.
COPY package.json package-lock.json ./
COPY clients/node/package.json clients/node/
RUN npm ci --no-audit --no-fund
COPY . .
# prepack builds the JavaScript (dist/); the tarball holds only what production runs.
RUN npm pack --pack-destination /pack && mv /pack/channelkeeper-*.tgz /pack/channelkeeper.tgz

FROM node:${NODE_VERSION}-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /pack/channelkeeper.tgz /tmp/channelkeeper.tgz
RUN npm install --omit=dev --no-audit --no-fund /tmp/channelkeeper.tgz \
    && rm /tmp/channelkeeper.tgz \
    && npm cache clean --force \
    && mkdir /data && chown node:node /data
# The installed code stays root's and read-only to the service; it writes only to /data (PGlite, when no
# DATABASE_URL is given: mount a volume there).
USER node
EXPOSE 3000
# Ready, not only alive: migrations applied, the key ring opens the data, the queue runs. The slim image
# has no curl, so Node asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The command by its first line, which starts node with the service's V8 heap flags (docs/operations.md#memory):
# env replaces itself with node, so Node itself is PID 1 and `docker stop`'s SIGTERM reaches the service, which
# stops its workers and closes the database before exiting. `-e NODE_OPTIONS=--max-old-space-size=…` sets
# another limit.
CMD ["node_modules/.bin/channelkeeper", "start"]
