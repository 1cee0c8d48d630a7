# syntax=docker.io/docker/dockerfile:1
# The app as a container, after Next.js's own example (vercel/next.js examples/with-docker): dependencies, build, and a
# small runner with only the standalone server (`output: 'standalone'` in next.config.mjs), run as a non-root user.
# Debian slim rather than Alpine: @node-rs/argon2 and PGlite ship glibc builds first. Build: `docker build -t
# gateway-dashboard .`; run the whole set (two instances, PostgreSQL, Caddy): `docker compose up` (compose.yaml,
# README "Deploying").
FROM node:20-slim AS base

# Dependencies only when the lock file changes.
FROM base AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM base AS builder
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build

FROM base AS runner
WORKDIR /app
ENV NODE_ENV=production
ENV NEXT_TELEMETRY_DISABLED=1
RUN groupadd --system --gid 1001 nodejs && useradd --system --uid 1001 --gid nodejs nextjs
COPY --from=builder /app/public ./public
# The standalone output holds server.js, the traced node_modules and db/migrations (outputFileTracingIncludes), which
# apply on start; Next's static files are copied beside it, as its docs say (they are not traced).
COPY --from=builder --chown=nextjs:nodejs /app/.next/standalone ./
COPY --from=builder --chown=nextjs:nodejs /app/.next/static ./.next/static
USER nextjs
EXPOSE 3000
ENV PORT=3000
# server.js listens on HOSTNAME: every interface inside the container (the reverse proxy reaches it by name).
ENV HOSTNAME=0.0.0.0
# Liveness only (touches nothing): a database outage must not get the container restarted in a loop.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
