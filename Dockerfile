# The Workmate OS sync server with the built web app. Two stages: the build stage installs every
# dependency and builds the PWA; the final stage has production dependencies only (tsx, which runs the
# TypeScript server, is one) and runs as the unprivileged `node` user.
# Build: docker build -t workmate-os .   (docker-compose.yml does this for you)

FROM node:20-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is reused while only source files change.
COPY package.json package-lock.json ./
COPY packages/domain/package.json packages/domain/
COPY packages/sync-protocol/package.json packages/sync-protocol/
COPY sync-server/package.json sync-server/
# --ignore-scripts: the `prepare` script (svelte-kit sync) needs the sources; `npm run build` runs it.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npx svelte-kit sync && npm run build

FROM node:20-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    STATIC_DIR=/app/build \
    TRUST_PROXY=true
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/domain/package.json packages/domain/
COPY packages/sync-protocol/package.json packages/sync-protocol/
COPY sync-server/package.json sync-server/
# Production dependencies only. --ignore-scripts: no install script is needed at run time (the native
# argon2 and esbuild binaries come as prebuilt optional packages), and `prepare` needs dev tools.
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY packages/domain/src packages/domain/src
COPY packages/sync-protocol/src packages/sync-protocol/src
COPY sync-server/src sync-server/src
COPY --from=build /app/build build
# The embedded database (DATA_DIR) is only used without DATABASE_URL; give it a writable home anyway.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# /healthz answers 200 when the process is up and Postgres answers (sync-server/src/api/health.ts).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node directly (not npm) so SIGTERM reaches the server, which then drains: it stops accepting, flushes
# every doc's pending updates to Postgres and closes its sockets (clients reconnect to another instance).
CMD ["node", "--import", "tsx", "sync-server/src/main.ts"]
