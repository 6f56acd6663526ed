# syntax=docker/dockerfile:1
# The ingest service. Runs its CLI built to JavaScript in the web stage (scripts/build-bins.mjs,
# esbuild): no TypeScript transpiler at run time. The image still carries ingest-service/src for
# the SQL migrations it reads at start (the build finds them relative to their source files).
# Build from the repository root:
#   docker build -f docker/ingest-service.Dockerfile -t onramp-ingest .

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contract/package.json packages/contract/
COPY packages/profiles/package.json packages/profiles/
COPY packages/simulators/package.json packages/simulators/
COPY edge-agent/package.json edge-agent/
COPY ingest-service/package.json ingest-service/
# Only this workspace's production dependencies.
RUN npm ci --omit=dev --workspace @onramp/ingest-service --include-workspace-root=false --no-audit --no-fund

FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contract/package.json packages/contract/
COPY packages/profiles/package.json packages/profiles/
COPY packages/simulators/package.json packages/simulators/
COPY edge-agent/package.json edge-agent/
COPY ingest-service/package.json ingest-service/
RUN npm ci --workspace @onramp/ingest-service --no-audit --no-fund
COPY ingest-service/ ingest-service/
COPY packages/ packages/
# The dashboard's static files (vite build); the service serves ingest-service/web/dist.
RUN npm run build --workspace @onramp/ingest-service
# The CLIs as JavaScript (esbuild is the edge agent's dependency, not this workspace's: the same version).
COPY scripts/build-bins.mjs scripts/
RUN npm install --no-save --no-audit --no-fund esbuild@0.28.2 && node scripts/build-bins.mjs ingest

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# The diagnosis report PDF (GET …/report.pdf) is printed by Debian's Chromium, with a CJK font so
# Chinese prints as text rather than boxes (src/report/renderer.ts).
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-wqy-microhei \
  && rm -rf /var/lib/apt/lists/*
COPY --from=deps /app/node_modules node_modules
COPY package.json ./
COPY packages/contract packages/contract
COPY packages/profiles packages/profiles
COPY device-profiles device-profiles
COPY ingest-service/package.json ingest-service/
COPY ingest-service/bin ingest-service/bin
COPY ingest-service/src ingest-service/src
COPY --from=web /app/ingest-service/build ingest-service/build
# The report words codes with the dashboard's dictionaries (src/report/words.ts).
COPY ingest-service/web/src/i18n ingest-service/web/src/i18n
COPY --from=web /app/ingest-service/web/dist ingest-service/web/dist
RUN mkdir -p /var/lib/onramp && chown node:node /var/lib/onramp
USER node
VOLUME /var/lib/onramp
EXPOSE 8080 1883
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "ingest-service/bin/onramp-ingest.js"]
CMD ["serve", "--data-dir", "/var/lib/onramp", "--http-host", "0.0.0.0", "--mqtt-host", "0.0.0.0", "--profiles", "/app/device-profiles"]
