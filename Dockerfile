# syntax=docker/dockerfile:1
# EngineRoom server image.
#   docker build -t engineroom:latest .
#   docker run --rm engineroom:latest migrate        # apply migrations (needs the same settings as the server)
# Settings come from the environment in ASP.NET Core form (Database__Provider=postgres, ConnectionStrings__Postgres=...,
# Auth__SigningKey=...); see README.md "Configuration" and "Deploying".

# ---- build ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project and MSBuild props files only, so this layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/EngineRoom/EngineRoom.csproj src/EngineRoom/
RUN dotnet restore src/EngineRoom/EngineRoom.csproj

COPY src/EngineRoom/ src/EngineRoom/
RUN dotnet publish src/EngineRoom -c Release -o /app --no-restore /p:UseAppHost=false

# ---- runtime ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime

# The aspnet image ships no HTTP client; curl is installed only for the HEALTHCHECK below (lists removed afterwards).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY --from=build /app ./

# Listen on 8080 (an unprivileged port, so the non-root user can bind it). ASPNETCORE_HTTP_PORTS, which the base
# image sets to 8080, is cleared so URLS is the one source of truth.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_RUNNING_IN_CONTAINER=true
EXPOSE 8080

# The base image's non-root user (uid 1654). The server writes nothing to disk on PostgreSQL; the embedded SQLite
# mode would need a writable DataDirectory (mount a volume owned by uid 1654 and set DataDirectory=/data).
USER app

# Liveness only (no database): readiness is for load balancers and Kubernetes, see deploy/k8s/deployment.yaml.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1

ENTRYPOINT ["dotnet", "EngineRoom.dll"]
