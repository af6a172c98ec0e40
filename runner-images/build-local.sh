#!/usr/bin/env bash
# Builds a runner image without a registry: FROM scratch with this host's node binary, the libraries it links,
# the runner files and an unprivileged user (uid 1000). Equivalent to node<major>/Dockerfile for this Node major.
#
#   runner-images/build-local.sh [tag]     default tag: jobber-runner-node<host major>:latest
#
# Prints the tag on the last line of stdout. Needs docker and ldd; NODE_BIN overrides the node binary.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node_bin="$(readlink -f "${NODE_BIN:-$(command -v node)}")"
major="$("$node_bin" -p 'process.versions.node.split(".")[0]')"
tag="${1:-jobber-runner-node${major}:latest}"

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
root="$context/rootfs"
owned="$context/owned"
mkdir -p "$root/usr/bin" "$root/etc" "$root/tmp" "$root/jobber/runner" "$owned/run" "$owned/job"
chmod 1777 "$root/tmp"
chmod 0755 "$owned/run" "$owned/job"

cp "$node_bin" "$root/usr/bin/node"

# Every library ldd lists ("name => /path (addr)") and the dynamic loader ("/lib64/ld-linux... (addr)"),
# copied to the path the binary expects, symlinks resolved.
while read -r lib; do
  [ -n "$lib" ] || continue
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done < <(ldd "$node_bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)

cp "$here"/runner/*.js "$here"/runner/package.json "$root/jobber/runner/"

cat > "$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
node:x:1000:1000:node:/tmp:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat > "$root/etc/group" <<'EOF'
root:x:0:
node:x:1000:
nogroup:x:65534:
EOF
# getaddrinfo reads these; Docker mounts /etc/hosts and /etc/resolv.conf over its own.
echo 'hosts: files dns' > "$root/etc/nsswitch.conf"

cat > "$context/Dockerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
COPY --chown=1000:1000 owned/ /jobber/
ENV HOME=/tmp
USER 1000:1000
WORKDIR /jobber/job
ENTRYPOINT ["/usr/bin/node", "/jobber/runner/runner.js"]
EOF

docker build --quiet --label "jobber.runner.node=$("$node_bin" --version)" -t "$tag" "$context" >&2
echo "$tag"
