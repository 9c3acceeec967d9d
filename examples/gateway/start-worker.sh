#!/bin/sh
node /app/worker.js "$@" &
node /app/metrics.js &
tail -f /dev/null
