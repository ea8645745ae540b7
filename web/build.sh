#!/usr/bin/env bash
# Builds the verifier page into web/pkg: the .wasm (profile wasm-release, built for size), its JavaScript glue (wasm-bindgen, the
# same version as the `wasm-bindgen` crate, installed from crates.io when missing), then wasm-opt
# (npm's binaryen) when npm is there. Prints the sizes. Then serve web/ from any static file server.
set -euo pipefail
cd "$(dirname "$0")/.."
WASM_BINDGEN_VERSION=0.2.130 # = web/Cargo.toml's `wasm-bindgen = "=…"`
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "the wasm32-unknown-unknown target is not installed (rustup target add wasm32-unknown-unknown)" >&2
  exit 3
fi
cargo build --locked -p openbadges-web --target wasm32-unknown-unknown --profile wasm-release
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io"
  # --locked when the registry still has every locked dependency, else the newest compatible.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked ||
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
raw=target/wasm32-unknown-unknown/wasm-release/openbadges_web.wasm
wasm-bindgen --target web --no-typescript --out-dir web/pkg "$raw"
out=web/pkg/openbadges_web_bg.wasm
echo "wasm: $(stat -c %s "$raw") bytes from cargo, $(stat -c %s "$out") after wasm-bindgen"
# wasm-opt from npm's `binaryen`, pinned: Debian 12's binaryen 108 breaks the reference-types
# table wasm-bindgen emits (the page then fails to start), 132 is known good.
BINARYEN_VERSION=132.0.0
wasm_opt=target/npm-tools/node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ] && command -v npm > /dev/null; then
  npm install --no-audit --no-fund --silent --prefix target/npm-tools "binaryen@$BINARYEN_VERSION" > /dev/null 2>&1 ||
    echo "npm could not install binaryen@$BINARYEN_VERSION"
fi
if [ -x "$wasm_opt" ]; then
  "$wasm_opt" -Oz --strip-debug --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$out.opt" "$out"
  mv "$out.opt" "$out"
  echo "wasm: $(stat -c %s "$out") bytes after $("$wasm_opt" --version) -Oz"
else
  echo "wasm-opt not available (needs npm for binaryen@$BINARYEN_VERSION): the .wasm is not size-optimized"
fi
