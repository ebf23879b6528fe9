# syntax=docker/dockerfile:1.7
#
# One image recipe for every deployable app in apps/:
#
#   docker build --build-arg APP=jd-classifier-service -t emm/jd-classifier-service .
#
# scripts/image-recipe replays this file without Docker: stages FROM an external image
# (tool-versions, toolchain, runtime-base) are what the host provides (Node, pnpm, turbo, tini); every stage
# FROM another stage is replayed instruction by instruction. So RUN commands in prune, build and
# runtime use only relative paths and the tools of the toolchain stage.

# Node's major version comes from .nvmrc; CI passes the exact version (--build-arg NODE_VERSION).
ARG NODE_VERSION=24

# ---- tool-versions: "pnpm@x turbo@y" from package.json and the lockfile -------------------------
# A separate stage so the toolchain layer below is rebuilt only when those versions change, not on
# every lockfile change (COPY --from is cached by content).
FROM node:${NODE_VERSION}-bookworm-slim AS tool-versions
WORKDIR /src
COPY package.json pnpm-lock.yaml scripts/image/toolchain.js ./
RUN node toolchain.js > /tool-versions

# ---- toolchain: Node + the exact pnpm and turbo versions ----------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS toolchain
ENV npm_config_store_dir=/pnpm/store \
    npm_config_update_notifier=false \
    TURBO_TELEMETRY_DISABLED=1 \
    DO_NOT_TRACK=1
COPY --from=tool-versions /tool-versions /opt/tool-versions
RUN npm install --global --no-fund --no-audit $(cat /opt/tool-versions) && pnpm --version && turbo --version
WORKDIR /repo

# ---- prune: only the app and the workspace packages it depends on ------------------------------
FROM toolchain AS prune
ARG APP
COPY . .
RUN test -n "$APP" || { echo "missing build arg APP: docker build --build-arg APP=<app under apps/> ." >&2; exit 1; }
RUN turbo prune "$APP" --docker

# ---- build: frozen install (cached on manifests + lockfile), build, production deploy ----------
FROM toolchain AS build
ARG APP
COPY --from=prune /repo/out/json/ ./
# The store is a cache mount: installs reuse packages across builds; the lockfile is the contract.
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --offline || pnpm install --frozen-lockfile --prefer-offline
COPY --from=prune /repo/out/full/ ./
# turbo itself, not `pnpm turbo`: pnpm would hand its children pnpm_config_verify_deps_before_run,
# and the parallel `pnpm run build`s would then race on node_modules/.pnpm-workspace-state-v1.json.
RUN turbo run build --filter="${APP}..."
# pnpm 10's deploy derives the image's own lockfile from the workspace lockfile (reproducible, and
# offline from the store) only with injected workspace packages; enabling that for this command
# alone leaves the workspace install as it is. ../deploy is /deploy.
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm --config.inject-workspace-packages=true --filter "$APP" --prod deploy --offline ../deploy \
    || { rm -rf ../deploy && pnpm --config.inject-workspace-packages=true --filter "$APP" --prod deploy --prefer-offline ../deploy; }

# ---- runtime-base: slim Node, tini as PID 1, a fixed non-root user -----------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime-base
# npm, corepack and yarn are not needed to run an app; removing them removes their CVEs too.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
    /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
    /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
    /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-* \
 && groupadd --gid 10001 emm \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin emm

# ---- runtime: the deployed app only, owned by root and read-only for the app user --------------
FROM runtime-base AS runtime
ARG APP
ARG VERSION=dev
ARG REVISION=unknown
ARG SOURCE=""
LABEL org.opencontainers.image.title="${APP}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.description="EMM ${APP}"
# Nothing writes outside /tmp, so the pod can run with a read-only root filesystem.
ENV NODE_ENV=production \
    PORT=8080
WORKDIR /app
COPY --from=build /deploy/ ./
USER 10001:10001
EXPOSE 8080
# tini forwards SIGTERM to node (PID 1 would ignore it) and reaps zombies.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
