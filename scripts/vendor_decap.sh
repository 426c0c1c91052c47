#!/usr/bin/env bash
# Refresh the vendored Decap CMS (the web editor at /admin/) from the npm registry, at a pinned version.
# Nothing is fetched at build or test time: the files are committed under overrides/assets/vendor/.
# Decap's save service for `make admin` (decap-server) is an npm dependency instead: package.json.
set -euo pipefail
VERSION=3.16.3
# sha256 of the npm tarball, so a changed package on the registry is noticed.
SHA256=f1c0055411ebdbd5b7c77a835a68b92b5467622585838f8496223b27eee116d1
cd "$(dirname "$0")/.."
target=overrides/assets/vendor/decap-cms
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "decap-cms@$VERSION" >/dev/null)
tarball="$work/decap-cms-$VERSION.tgz"
echo "$SHA256  $tarball" | sha256sum --check --quiet
tar -xzf "$tarball" -C "$work"
rm -rf "$target"
mkdir -p "$target"
# The main bundle, the chunks it loads on demand (editor modes, image tools) and their wasm files;
# not the second "cms.js" build, which is the same code without the CMS global.
cp "$work"/package/dist/decap-cms.js "$work"/package/dist/*.decap-cms.js "$work"/package/dist/*.wasm \
  "$work"/package/dist/decap-cms.js.LICENSE.txt "$target/"
printf 'decap-cms %s (npm, MIT), tarball sha256 %s\n' "$VERSION" "$SHA256" > "$target/VERSION"
(cd "$target" && sha256sum -- * | grep -v ' VERSION$' > SHA256SUMS)
echo "Decap CMS $VERSION vendored in $target ($(du -sh "$target" | cut -f1))"
