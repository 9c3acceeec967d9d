#!/usr/bin/env bash
# Installs what the in-editor tests need, offline apart from the npm registry and Debian's
# packages: a real VS Code (the VS Code server inside the npm package code-server, VS Code 1.96.4,
# which runs on Node 20) into .cache/vscode-server, and Debian's Chromium and ripgrep.
# Idempotent; the first run takes a few minutes and ~450 MB. Fails loudly when it cannot install.
set -euo pipefail
VERSION=4.96.4
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${KUBE_GRACEFUL_VSCODE_DIR:-$ROOT/.cache/vscode-server}

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: the in-editor tests need Debian's ${missing[*]}: run 'sudo apt-get install ${missing[*]}' first" >&2
    exit 1
  fi
  echo "installing ${missing[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -f "$DIR/.done-$VERSION" ]; then exit 0; fi
echo "installing the VS Code server (code-server $VERSION) into $DIR"
mkdir -p "$DIR"
cd "$DIR"
rm -rf package code-server-*.tgz
npm pack --silent "code-server@$VERSION" >/dev/null
tar xzf "code-server-$VERSION.tgz"
rm "code-server-$VERSION.tgz"
cd package
npm install --ignore-scripts --omit=dev --no-audit --no-fund --loglevel=error
npm rebuild argon2 --loglevel=error
cd lib/vscode
# The shrinkwrap pins a git dependency that only GitHub serves: resolve from the registry instead.
rm -f npm-shrinkwrap.json
npm install --ignore-scripts --omit=dev --no-audit --no-fund --loglevel=error
# Native modules (kerberos is optional proxy authentication and needs krb5 headers: skipped).
for module in node-pty @parcel/watcher @vscode/spdlog native-watchdog; do npm rebuild "$module" --loglevel=error; done
# @vscode/ripgrep downloads its binary at install time; use Debian's instead.
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
touch "$DIR/.done-$VERSION"
echo "VS Code server installed"
