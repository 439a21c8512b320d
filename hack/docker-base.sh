#!/usr/bin/env bash
# Builds, without any registry, a stand-in for mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled:
# a Debian bookworm minbase root filesystem with what a self-contained .NET app needs (libc6, libgcc-s1,
# libstdc++6, zlib1g, libssl3, ca-certificates), the same `app` user (1654) and the same environment.
# The image is cached: a second run with the same script reuses it (label study.base-script = script hash).
#
# Usage: hack/docker-base.sh [TAG]   (default: study-operator-base:bookworm; needs root and debootstrap)
# Env:   DEBIAN_MIRROR (default http://deb.debian.org/debian), DOCKER (client, default docker)
set -euo pipefail

tag=${1:-study-operator-base:bookworm}
docker=${DOCKER:-docker}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
hash=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)

if [ "$("$docker" image inspect -f '{{index .Config.Labels "study.base-script"}}' "$tag" 2>/dev/null)" = "$hash" ]; then
  echo "base image $tag is up to date (script $hash)"
  exit 0
fi

command -v debootstrap >/dev/null || { echo "debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "debootstrap needs root" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
echo "debootstrap bookworm minbase into $root (mirror $mirror)"
debootstrap --variant=minbase --include=ca-certificates,libssl3 bookworm "$root" "$mirror" >"$root.log" 2>&1 \
  || { tail -n 30 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"

# Like the chiseled image: only root and app (1654) are known users, app owns /home/app.
chroot "$root" groupadd --gid 1654 app
chroot "$root" useradd --no-log-init --uid 1654 --gid 1654 --shell /bin/false --create-home app
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*

tar --numeric-owner -C "$root" -c . | "$docker" import \
  --change 'ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true' \
  --change 'USER 1654' \
  --change "LABEL study.base-script=$hash" \
  - "$tag" >/dev/null
echo "built base image $tag (script $hash)"
