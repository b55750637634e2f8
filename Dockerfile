# kube-api-exporter image.
#   docker build -t kube-api-exporter:0.1.0 .
#   docker run --rm -p 8080:8080 -v "$HOME/.kube/config:/kubeconfig:ro" \
#     kube-api-exporter:0.1.0 --config /etc/kube-api-exporter/exporter.yaml --kubeconfig /kubeconfig
#
# Build stage: the full SDK restores and publishes the Host for linux-x64. The project makes a
# RID-specific publish Native AOT: one native executable, no JIT and no IL to map; on a real
# kube-apiserver it starts at about half the memory of the composite ReadyToRun build and syncs 10k
# pods with less CPU (bench/README.md "Native AOT"). The same command without Docker gives the same
# build (README, "Docker image"); the AOT compiler links with clang and needs zlib.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# Restore first, from the project files only, so the restore layer is cached until a
# project file changes. Keep this list in step with the Host's ProjectReferences.
COPY Directory.Build.props ./
COPY src/Directory.Build.props src/
COPY src/Host/KubeApiExporter.Host.csproj src/Host/
COPY src/Configuration/KubeApiExporter.Configuration.csproj src/Configuration/
COPY src/Flattener/KubeApiExporter.Flattener.csproj src/Flattener/
COPY src/Registry/KubeApiExporter.Registry.csproj src/Registry/
COPY src/Fetcher/KubeApiExporter.Fetcher.csproj src/Fetcher/
RUN dotnet restore src/Host/KubeApiExporter.Host.csproj -r linux-x64

COPY src/ src/
RUN dotnet publish src/Host/KubeApiExporter.Host.csproj -c Release -o /app -r linux-x64 --no-restore

# Runtime stage: the native libraries .NET needs (libc, OpenSSL) and nothing else; the executable
# has the runtime compiled in.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime

# HOME points at /tmp because the root filesystem is read-only in the shipped Deployment
# (k8s/20-deployment.yaml mounts an emptyDir at /tmp). The listening port comes from
# port: in exporter.yaml (8080) or --port.
ENV HOME=/tmp

WORKDIR /app
COPY --from=build /app/ /app/

# The shipped config. In Kubernetes the ConfigMap kube-api-exporter-config is mounted
# over this directory (a directory mount, so ConfigMap updates arrive and are reloaded).
COPY exporter.yaml /etc/kube-api-exporter/exporter.yaml

# Non-root: a numeric UID (65532, as runAsUser in k8s/20-deployment.yaml) so that
# Kubernetes' runAsNonRoot check can verify it without a passwd entry.
USER 65532:65532

EXPOSE 8080

# No HEALTHCHECK on purpose: in Kubernetes the kubelet's livenessProbe (GET /healthz)
# and readinessProbe (GET /readyz) do this job, and Kubernetes ignores Docker
# HEALTHCHECK anyway. Outside Kubernetes, probe http://HOST:8080/healthz yourself.

# The entry point is the native executable; the default arguments (CMD) name the config
# baked in above. They are CMD rather than part of ENTRYPOINT so that `docker run IMAGE
# ARGS...` and the Deployment's `args:` replace them instead of repeating --config.
ENTRYPOINT ["/app/kube-api-exporter"]
CMD ["--config", "/etc/kube-api-exporter/exporter.yaml"]
