#!/usr/bin/env bash
# Renders the chart's objects into config/{rbac,manager} so `kubectl apply -k config/default`
# installs the same objects as `helm install study-operator charts/study-operator -n study-system`.
# Generated: run `make manifests`, never edit the output by hand (a test compares both).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
helm="${HELM:-$root/.tools/bin/helm}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$helm" template study-operator "$root/charts/study-operator" --namespace study-system --set crds.install=false > "$out/all.yaml"
# Split on helm's "# Source: <chart>/templates/<file>" markers, one output file per template.
awk -v dir="$out" '
  /^# Source: / { split($3, parts, "/"); file = dir "/" parts[3]; print "---" >> file; next }
  file != "" && $0 != "---" { print >> file }
' "$out/all.yaml"
header="# Generated from charts/study-operator by make manifests; do not edit."
for pair in rbac:serviceaccount.yaml rbac:rbac.yaml manager:deployment.yaml manager:service.yaml; do
  dir=${pair%%:*}; file=${pair#*:}
  mkdir -p "$root/config/$dir"
  { echo "$header"; cat "$out/$file"; } > "$root/config/$dir/$file"
done
