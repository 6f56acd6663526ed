# syntax=docker/dockerfile:1
# The edge agent for container gateways (the systemd unit in this folder is the other way).
# Runs the CLI built to JavaScript in the deps stage (scripts/build-bins.mjs, esbuild): no
# TypeScript transpiler at run time. better-sqlite3 (the spool) is a native module: it is built in
# the deps stage, which has the compilers.
#   docker build -f docker/edge-agent.Dockerfile -t onramp-agent .
#   docker run -v onramp-agent:/var/lib/onramp -v ./agent.yaml:/etc/onramp/agent.yaml:ro onramp-agent

FROM node:20-bookworm-slim AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contract/package.json packages/contract/
COPY packages/profiles/package.json packages/profiles/
COPY packages/simulators/package.json packages/simulators/
COPY edge-agent/package.json edge-agent/
COPY ingest-service/package.json ingest-service/
RUN npm ci --omit=dev --workspace @onramp/edge-agent --include-workspace-root=false --no-audit --no-fund
COPY scripts/build-bins.mjs scripts/
COPY packages/contract packages/contract
COPY packages/profiles packages/profiles
COPY edge-agent/src edge-agent/src
RUN node scripts/build-bins.mjs agent

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY package.json ./
COPY packages/contract packages/contract
COPY packages/profiles packages/profiles
COPY device-profiles device-profiles
COPY edge-agent/package.json edge-agent/
COPY edge-agent/bin edge-agent/bin
COPY --from=deps /app/edge-agent/build edge-agent/build
# dialout: the group that owns serial ports on Debian, for Modbus RTU (pass the device with --device).
RUN usermod -a -G dialout node && mkdir -p /var/lib/onramp /etc/onramp && chown node:node /var/lib/onramp && chmod 0700 /var/lib/onramp
USER node
VOLUME /var/lib/onramp
EXPOSE 8089
ENTRYPOINT ["node", "edge-agent/bin/onramp-agent.js"]
CMD ["run", "/etc/onramp/agent.yaml"]
