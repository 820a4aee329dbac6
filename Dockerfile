# syntax=docker/dockerfile:1
# One recipe for every Brisk image (docs/deploy.md):
#   a function   docker build --target function --build-arg FUNCTION=products-get -t brisk/products-get .
#   setup Job    docker build --target setup -t brisk/setup .            (migrations + broker topology)
#   dev sandbox  docker build --target payment-sandbox -t brisk/payment-sandbox .
# Each bundle is self-contained (esbuild), so a runtime image holds Node and one folder: no node_modules,
# no sources, no shell, and it runs as a non-root user. skaffold.yaml builds one image per function.

ARG NODE_MAJOR=20

# ---- bundles: every function bundle (npm run build) plus the setup and sandbox bundles ----------------
FROM node:${NODE_MAJOR}-bookworm-slim AS bundles
WORKDIR /src
ENV CI=true
COPY package.json package-lock.json ./
# Install scripts are not needed: esbuild and swc load their platform binaries from optional packages.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY esbuild.config.mjs tsconfig.json ./
COPY shared ./shared
COPY functions ./functions
COPY scripts ./scripts
RUN npm run build && node scripts/knative/build-setup.mjs

# ---- the one function named by FUNCTION, checked here where a shell exists ----------------------------
FROM bundles AS selected
ARG FUNCTION
RUN test -n "${FUNCTION}" || { echo "build arg FUNCTION is required (a folder of functions/)" >&2; exit 1; }; \
    test -f "dist/functions/${FUNCTION}/index.js" || { echo "no bundle for function '${FUNCTION}'" >&2; exit 1; }; \
    mkdir /out && cp -R "dist/functions/${FUNCTION}/." /out/

# ---- runtime images: distroless Node 20, user 65532 (nonroot); the entrypoint is node itself ----------
FROM gcr.io/distroless/nodejs${NODE_MAJOR}-debian12:nonroot AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
USER 65532:65532

# A function: the whole dist/functions/<name>/ folder (index.js, its source map, and for api-docs the
# swagger-ui/ assets it serves). Knative sets PORT (8080); the bundle's node:http runtime listens on it.
FROM runtime AS function
ARG FUNCTION
LABEL org.opencontainers.image.title="brisk-${FUNCTION}"
COPY --from=selected --chown=65532:65532 /out/ /app/
EXPOSE 8080
CMD ["index.js"]

# The setup Job: migrate(DATABASE_URL) then declareBrokerTopology(); the SQL files sit in ./migrations,
# where shared/db/migrate.ts looks for them relative to the bundle.
FROM runtime AS setup
LABEL org.opencontainers.image.title="brisk-setup"
COPY --from=bundles --chown=65532:65532 /src/dist/setup/ /app/
CMD ["index.js"]

# The sandbox payment provider, for dev clusters (knative/overlays/dev); listens on 8090.
FROM runtime AS payment-sandbox
LABEL org.opencontainers.image.title="brisk-payment-sandbox"
COPY --from=bundles --chown=65532:65532 /src/dist/payment-sandbox/ /app/
EXPOSE 8090
CMD ["index.js"]
