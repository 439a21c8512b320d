#!/usr/bin/env bash
# Builds the image from the real Dockerfile without any registry: the runtime stage users get, on a locally
# built stand-in for the runtime-deps base (hack/docker-base.sh), with the app published on this machine
# (the same Native AOT `dotnet publish` as the Dockerfile's build stage; needs gcc or clang, and zlib) instead of in
# the SDK image.
#
# Usage: hack/docker-build-offline.sh [IMAGE]   (default: study-operator:offline)
# Env:   BASE_IMAGE (default study-operator-base:bookworm), DOTNET (default dotnet)
# Needs a Docker engine and a client that builds with BuildKit (buildx, or a pre-23 client with its
# built-in BuildKit): the classic builder would also build the unused SDK stage and pull its image.
set -euo pipefail
cd "$(dirname "$0")/.."

image=${1:-study-operator:offline}
base=${BASE_IMAGE:-study-operator-base:bookworm}
dotnet=${DOTNET:-dotnet}
work=.tools/image
published="study-operator-published:${image//[^a-zA-Z0-9_.-]/-}"

# A client that can build with BuildKit.
build_client=
for candidate in ${DOCKER_BUILD_CLIENT:-} $(type -ap docker); do
  if "$candidate" buildx version >/dev/null 2>&1; then build_client=$candidate; break; fi
  major=$("$candidate" version --format '{{.Client.Version}}' 2>/dev/null | cut -d. -f1 || true)
  if [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -lt 23 ]; then build_client=$candidate; break; fi
done
[ -n "$build_client" ] || { echo "no docker client with BuildKit (install buildx)" >&2; exit 1; }

echo "== base image"
DOCKER=$build_client bash hack/docker-base.sh "$base"

echo "== dotnet publish (the Dockerfile's build stage, on this machine)"
# The build stage's context (what its COPY lines take) in a directory of its own: the publish's restore and obj/
# never touch the working tree's, and it stays incremental from one run to the next.
mkdir -p "$work/src/src/StudyOperator"
find "$work/src/src/StudyOperator" -mindepth 1 -maxdepth 1 ! -name obj ! -name bin -exec rm -rf {} +
cp global.json Directory.Build.props Directory.Packages.props .editorconfig "$work/src/"
tar --exclude=./bin --exclude=./obj -C src/StudyOperator -c . | tar -C "$work/src/src/StudyOperator" -x
rm -rf "$work/out"
"$dotnet" publish "$work/src/src/StudyOperator/StudyOperator.csproj" -c Release -r linux-x64 -p:PublishAot=true \
  -p:InvariantGlobalization=true -o "$work/out" --disable-build-servers -nologo -v q
rm -f "$work/out"/*.dbg "$work/out"/*.xml

echo "== image $published (the publish output in /out)"
# Only an input of the build below: it goes away whether the build worked or not.
trap '"$build_client" image rm "$published" >/dev/null 2>&1 || true' EXIT
tar --numeric-owner --owner=0 --group=0 -C "$work/out" --transform 's,^\.,out,' -c . | "$build_client" import - "$published" >/dev/null

echo "== image $image (Dockerfile runtime stage on $base)"
DOCKER_BUILDKIT=1 "$build_client" build --progress=plain \
  --build-arg RUNTIME_IMAGE="$base" --build-arg PUBLISHED="$published" -t "$image" .
