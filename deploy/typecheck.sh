#!/usr/bin/env bash
# mypy --strict over the installed layout (netmon.monitor, netmon.inventory, ...).
# mypy knows no package-dir mapping, so the layers are linked under build/typecheck/netmon/
# the way setuptools installs them, and mypy checks that tree.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tree=$root/build/typecheck/netmon
rm -rf "$root/build/typecheck"
mkdir -p "$tree"
for f in "$root"/netmon/*; do ln -s "$f" "$tree/"; done
for layer in inventory collectors monitor; do ln -s "$root/$layer" "$tree/$layer"; done
cd "$root"
exec mypy "$@"
