#!/usr/bin/env bash
# Builds the real control plane the integration tests run against: kube-apiserver and
# kube-controller-manager 1.20.2 from Debian's `kubernetes` source package (which carries the
# full vendor/ tree, so the build needs no module download), plus Debian's etcd 3.4.
#
# Idempotent: when the cache holds a complete build (its stamp file), it does nothing. A fresh
# machine builds once (~8 min on 2 cores, ~35 MB download); later runs reuse the cache.
#
#   KUBE_API_EXPORTER_CONTROL_PLANE_DIR  cache dir (default /var/cache/kube-api-exporter/control-plane/v1.20.2)
#   KUBE_API_EXPORTER_CONTROL_PLANE_WORK build dir, removed afterwards (default: a temp dir)
#
# Needs root (apt-get) unless the packages below are already installed.
set -euo pipefail

cache="${KUBE_API_EXPORTER_CONTROL_PLANE_DIR:-/var/cache/kube-api-exporter/control-plane/v1.20.2}"
stamp="$cache/.complete"
version="1.20.2"

if [[ -f "$stamp" ]]; then
    echo "control-plane binaries already built: $cache ($(cat "$stamp"))"
    exit 0
fi

started=$SECONDS
mkdir -p "$cache"
# Two CI runs on one machine must not build into the same cache at once.
exec 9>"$cache/.lock"
flock 9
if [[ -f "$stamp" ]]; then
    echo "control-plane binaries built by a concurrent run: $cache"
    exit 0
fi

packages=(etcd-server etcd-client golang-go rsync jq golang-github-modern-go-reflect2-dev openssl make)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# Debian ships only kubectl from the kubernetes source package; the source itself comes from
# a deb-src twin of the machine's own (binary) archive entries.
src_list=/etc/apt/sources.list.d/kube-api-exporter-src.sources
# (Debian versions it 1.20.5+really1.20.2: the tree is 1.20.2.)
if ! apt-cache showsrc kubernetes 2>/dev/null | grep -q "^Version: .*$version"; then
    if [[ ! -f "$src_list" ]]; then
        if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
            sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >"$src_list"
        elif [[ -f /etc/apt/sources.list ]]; then
            grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' >/etc/apt/sources.list.d/kube-api-exporter-src.list
        else
            echo "no apt sources to derive a deb-src entry from" >&2
            exit 1
        fi
    fi
    apt-get update -qq
fi

work="${KUBE_API_EXPORTER_CONTROL_PLANE_WORK:-$(mktemp -d /var/tmp/kube-control-plane-build.XXXXXX)}"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cd "$work"
# apt's download sandbox user must be able to write here.
chmod 777 "$work"
apt-get source --download-only kubernetes
orig=$(ls kubernetes_*.orig.tar.* | head -n1)
mkdir tree
tar -xf "$orig" -C tree --strip-components=1
cd tree

# The vendored reflect2 v1.0.1 segfaults under Go >= 1.18 (json-iterator encoding a map: the
# apiserver dies on the first custom-resource write). Debian's v1.0.2 is the fix.
reflect2=/usr/share/gocode/src/github.com/modern-go/reflect2
rm -rf vendor/github.com/modern-go/reflect2
mkdir -p vendor/github.com/modern-go/reflect2
cp "$reflect2"/*.go "$reflect2"/*.s vendor/github.com/modern-go/reflect2/
rm -f vendor/github.com/modern-go/reflect2/*_test.go
sed -i 's|^# github.com/modern-go/reflect2 v1.0.1$|# github.com/modern-go/reflect2 v1.0.2|' vendor/modules.txt
sed -i 's|github.com/modern-go/reflect2 v1.0.1|github.com/modern-go/reflect2 v1.0.2|' go.mod || true

# Module mode wants go.mod updates it cannot download: the tree's own make builds in GOPATH mode.
export HOME="$work/home" CGO_ENABLED=0 GOFLAGS= GOCACHE="$work/gocache"
mkdir -p "$HOME"
# nice: the build shares the machine's cores with whatever else runs there.
nice -n 10 make WHAT="cmd/kube-apiserver cmd/kube-controller-manager"

mkdir -p "$cache/bin"
cp _output/bin/kube-apiserver _output/bin/kube-controller-manager "$cache/bin/"
cp "$(command -v etcd)" "$(command -v etcdctl)" "$cache/bin/"
"$cache/bin/kube-apiserver" --version
echo "kubernetes $version (Debian source, reflect2 v1.0.2), $(etcd --version | head -n1), built $(date -u +%FT%TZ)" >"$stamp"
echo "control-plane binaries ready: $cache (built in $((SECONDS - started)) s)"
