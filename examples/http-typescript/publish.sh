#!/bin/sh
# Builds (npm install, tsc) and publishes the compiled function with the jobber CLI (this checkout's, else `jobber` on
# the PATH), which leaves out the devDependencies and what .jobberignore names: JOBBER_URL (default
# http://localhost:3000), JOBBER_TOKEN when set, else the token `jobber login` stored.
set -eu
cd "$(dirname "$0")"
export JOBBER_URL="${JOBBER_URL:-http://localhost:3000}"
jobber=../../scripts/jobber
[ -x "$jobber" ] || jobber=jobber
npm install --no-audit --no-fund --loglevel=error
npx tsc -p .
"$jobber" publish .
