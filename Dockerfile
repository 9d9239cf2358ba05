# Every .NET host of the system (the services, the gateway, the web UI) is built by this one file.
# Build from the repository root, naming the folder of the host's project (its assembly has the folder's name):
#   docker build --build-arg PROJECT=services/Albums/ImageRecognition.Albums.Host -t imagerecognition/albums .
# docker-compose.yml passes the same argument for each service.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# Only the project files and the shared build settings, so the restore layer below is reused until a
# project or a package version changes, whatever source file was edited.
FROM ${SDK_IMAGE} AS projects
WORKDIR /src
COPY . .
RUN find . -type f ! -name '*.csproj' ! -name 'Directory.Build.props' ! -name 'Directory.Packages.props' -delete \
    && find . -type d -empty -delete

FROM ${SDK_IMAGE} AS build
# npm: the web UI's build fetches Leaflet (the Places map) from npm; without it the map is left out.
# Installed before ARG PROJECT so this layer is shared by every host's build.
RUN apt-get update \
    && apt-get install -y --no-install-recommends npm \
    && rm -rf /var/lib/apt/lists/*
ARG PROJECT
# Set by BuildKit from --platform (amd64 or arm64); no default here, which would hide BuildKit's value (docker/buildx#510).
# The legacy builder leaves it empty and builds for the machine it runs on.
ARG TARGETARCH
WORKDIR /src
COPY --from=projects /src ./
RUN test -n "$PROJECT" || (echo "--build-arg PROJECT=<folder of the host's .csproj> is required" >&2; exit 1)
# The runtime the code is compiled ahead of time for, kept for the publish below.
RUN case "${TARGETARCH:-$(uname -m)}" in arm64|aarch64) echo linux-arm64 ;; *) echo linux-x64 ;; esac > /tmp/rid \
    && dotnet restore "$PROJECT" -r "$(cat /tmp/rid)"
COPY . .
# ReadyToRun: the assemblies carry native code, so a new task (ECS scaling out) compiles less before it is ready
# (the standalone host, measured: ready in 2.6-3.1 s instead of 4.0-4.2 s; benchmarks/Pipeline.Benchmark/README.md).
RUN dotnet publish "$PROJECT" -c Release -o /app --no-restore /p:UseAppHost=false \
    -r "$(cat /tmp/rid)" --self-contained false -p:PublishReadyToRun=true
# The image starts the host's assembly, named after its project folder.
RUN name="$(basename "$PROJECT")" \
    && test -f "/app/$name.dll" \
    && printf '#!/bin/sh\nexec dotnet "/app/%s.dll" "$@"\n' "$name" > /app/start \
    && chmod 755 /app/start

FROM ${RUNTIME_IMAGE}
# curl for the health checks; nothing else is added to the runtime image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# The image's unprivileged user (app) owns only the data folder.
RUN mkdir -p /data && chown app:app /data
USER app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DataDirectory=/data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fs http://localhost:8080/health/live || exit 1
ENTRYPOINT ["/app/start"]
