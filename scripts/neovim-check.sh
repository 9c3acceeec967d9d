#!/usr/bin/env bash
# Runs test/neovim/check.lua in headless Neovim against the built server, on a copy of the
# bundled example. Installs Debian's neovim when missing and root; fails loudly otherwise.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v nvim >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then echo "neovim-check: needs Debian's neovim: sudo apt-get install neovim" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null
fi
[ -f "$ROOT/dist/cli.js" ] || { echo "neovim-check: run npm run build first" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$ROOT/examples/shop" "$WORK/shop"
KUBE_GRACEFUL_CLI="$ROOT/dist/cli.js" KUBE_GRACEFUL_WORKSPACE="$WORK/shop" \
  timeout 120 nvim --headless --clean -u NONE -c "luafile $ROOT/test/neovim/check.lua"
