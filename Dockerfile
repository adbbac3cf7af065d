# The bot as a container: build with the full toolchain, run as the unprivileged `node` user with
# only production dependencies. Not built or run on the development machine (no Docker engine
# there); keep it conventional.

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
# sqlite3 compiles its native addon during `npm ci`.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
  PORT=3000 \
  MALLOC_TRIM_THRESHOLD_=131072 \
  MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The default store is the SQLite file data/hosted-bot.sqlite: mount a volume here to keep it.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same Node flags and malloc settings (ENV above) as `npm start`: see "Memory" in docs/OPERATING.md.
CMD ["node", "--max-semi-space-size=8", "--max-old-space-size=256", "dist/main.js"]
