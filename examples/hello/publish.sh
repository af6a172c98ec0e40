#!/bin/sh
# Publishes this directory with the jobber CLI (this checkout's, else `jobber` on the PATH): JOBBER_URL (default
# http://localhost:3000), JOBBER_TOKEN when set, else the token `jobber login` stored.
set -eu
cd "$(dirname "$0")"
export JOBBER_URL="${JOBBER_URL:-http://localhost:3000}"
jobber=../../scripts/jobber
[ -x "$jobber" ] || jobber=jobber
"$jobber" publish .
