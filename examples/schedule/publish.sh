#!/bin/sh
# Zips this directory and publishes it: JOBBER_URL (default http://localhost:3000), JOBBER_TOKEN when auth is on.
set -eu
cd "$(dirname "$0")"
zip_file="$(mktemp -d)/job.zip"
trap 'rm -rf "$(dirname "$zip_file")"' EXIT
zip -qr "$zip_file" package.json index.js
curl -sS --fail-with-body ${JOBBER_TOKEN:+-H "Authorization: Bearer $JOBBER_TOKEN"} \
  -F "archive=@$zip_file" "${JOBBER_URL:-http://localhost:3000}/api/job/publish/"
echo
