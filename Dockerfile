# syntax=docker/dockerfile:1
# One image for the apps (command-api, query-api, projectors, console), the app chosen at build time:
#   docker build --build-arg APP=query-api -t ledger-query-api .      (command-api by default)
# Node 24 (active LTS), pinned; compiled JavaScript from `npm run build` (dist/js); production dependencies only.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
COPY servers/eventstore/package.json ./servers/eventstore/
COPY servers/mongodb/package.json ./servers/mongodb/
COPY servers/storage/package.json ./servers/storage/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY scripts ./scripts
COPY apps ./apps
COPY libs ./libs
COPY servers ./servers
RUN npm run build

FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# npm ci wants every workspace the lock names; only their package.json: the apps never load them.
COPY servers/eventstore/package.json ./servers/eventstore/
COPY servers/mongodb/package.json ./servers/mongodb/
COPY servers/storage/package.json ./servers/storage/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ARG APP=command-api
# Inside a container the app listens on every interface; each app reads only its own HOST variable.
ENV NODE_ENV=production \
    LEDGER_APP=${APP} \
    COMMAND_API_HOST=0.0.0.0 \
    QUERY_API_HOST=0.0.0.0 \
    PROJECTORS_HOST=0.0.0.0 \
    CONSOLE_HOST=0.0.0.0
WORKDIR /app
# Owned by root and only read by the app: the process cannot rewrite its own code.
COPY package.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/apps/console/web/dist ./apps/console/web/dist
COPY docker/ledger-apps.mjs docker/start-app.mjs docker/healthcheck.mjs ./docker/
USER node
EXPOSE 3000 3001 3002 3003
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "docker/healthcheck.mjs"]
ENTRYPOINT ["node", "docker/start-app.mjs"]
