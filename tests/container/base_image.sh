#!/usr/bin/env bash
# Prints the name of a local Debian bookworm base image, making it first if
# needed: `debootstrap --variant=minbase bookworm` from the Debian mirror,
# then `podman import`. There is no image registry on the test machines.
# The root file system is cached as a tar under
# $NEWSGRAPH_CONTAINER_CACHE (/var/tmp/newsgraph-container-cache), keyed by a
# hash of the recipe, so only the first run pays for debootstrap (~70 s).
set -euo pipefail
mirror="${NEWSGRAPH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${NEWSGRAPH_CONTAINER_CACHE:-/var/tmp/newsgraph-container-cache}"
recipe="debootstrap $(dpkg-query -W -f='${Version}' debootstrap) --variant=minbase bookworm $mirror"
key=$(printf '%s' "$recipe" | sha256sum | cut -c1-16)
image="localhost/newsgraph-bookworm-base:$key"

mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9  # one maker at a time; the others wait and reuse its result
if podman image exists "$image"; then echo "$image"; exit 0; fi
tarball="$cache/bookworm-minbase-$key.tar"
if [ ! -s "$tarball" ]; then
  rootfs=$(mktemp -d "$cache/rootfs.XXXXXX")
  trap 'rm -rf "$rootfs" "$tarball.partial"' EXIT
  echo "base image: debootstrap bookworm from $mirror (cached afterwards)" >&2
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  tar -C "$rootfs" -cf "$tarball.partial" .
  mv "$tarball.partial" "$tarball"
fi
podman import --quiet "$tarball" "$image" >/dev/null
echo "$image"
