# Shared by the vendor_*.sh scripts (source it): fetch a pinned npm package and check its tarball.
# fetch_package NAME VERSION SHA256 -> unpacks into "$work/package"; "$work" is removed on exit.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch_package() {
  local name=$1 version=$2 sha256=$3
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
  local tarball="$work/$name-$version.tgz"
  # A changed package on the registry (same version, other bytes) is refused.
  echo "$sha256  $tarball" | sha256sum --check --quiet
  tar -xzf "$tarball" -C "$work"
}
