# mxray: the dashboard (HTTP) and the test-address SMTP listener in one compiled Node.js process.
# Build: docker build -t mxray .   Run: see compose.yaml (beside a Postfix/OpenDKIM relay).

# --- build: install everything, generate the Prisma client, bundle bin/ and build the dashboard.
FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# Scripts later: postinstall bundles the sources, which are not copied yet.
RUN npm install --no-audit --no-fund --ignore-scripts
COPY . .
RUN npx prisma generate && node bin/build.mjs

# --- runtime: the built app, run as an unprivileged user, data on a volume.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    SMTP_HOST=0.0.0.0 \
    SMTP_PORT=2525 \
    DATABASE_URL=file:/data/mxray.db
RUN groupadd --system mxray \
    && useradd --system --gid mxray --home-dir /app --shell /usr/sbin/nologin mxray \
    && mkdir -p /data \
    && chown mxray:mxray /data
# prisma/ and the Prisma CLI (node_modules) apply migrations at start; .next is the dashboard build.
COPY --from=build --chown=root:root /app/package.json /app/next.config.ts /app/prisma.config.ts ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/prisma ./prisma
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/bin ./bin
COPY --from=build --chown=root:root /app/lib/db/generated ./lib/db/generated
COPY --from=build --chown=mxray:mxray /app/.next ./.next
USER mxray
VOLUME ["/data"]
# 3000: dashboard; 2525: SMTP for test addresses (publish it as the host's port 25).
EXPOSE 3000 2525
# Five tries 30 s apart cover the first start's migrations. (No --start-period: dockerfilelint 1.8
# misreads the hyphenated option.)
HEALTHCHECK --interval=30s --timeout=5s --retries=5 CMD ["node", "bin/healthcheck.mjs"]
# SIGTERM starts the orderly stop (MXRAY_SHUTDOWN_GRACE_MS, default 10 s): give compose more than that.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.mjs"]
