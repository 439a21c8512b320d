#!/usr/bin/env bash
# Prints the resident memory of a minimal KubernetesClient process, JIT and Native AOT, against a sandbox.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd); tmp=$(mktemp -d)
sandbox=""; trap '[ -n "$sandbox" ] && kill $sandbox 2>/dev/null; rm -rf "$tmp"' EXIT
dotnet build "$root/src/StudyOperator.Sandbox" -c Release -nologo -v q >/dev/null
dotnet publish "$here/jit.csproj" -c Release -nologo -v q -o "$tmp/jit" >/dev/null
dotnet publish "$here/aot.csproj" -c Release -r linux-x64 -nologo -v q -o "$tmp/aot" >/dev/null
dotnet "$root/src/StudyOperator.Sandbox/bin/Release/net10.0/study-sandbox.dll" --kubeconfig "$tmp/kubeconfig" >/dev/null 2>&1 & sandbox=$!
for _ in $(seq 100); do [ -s "$tmp/kubeconfig" ] && break; sleep 0.2; done
echo "JIT (KubernetesClient 21.0.8):        $(dotnet "$tmp/jit/client-floor-jit.dll" "$tmp/kubeconfig" default)"
echo "Native AOT (KubernetesClient.Aot):    $("$tmp/aot/client-floor-aot" "$tmp/kubeconfig" default)"
