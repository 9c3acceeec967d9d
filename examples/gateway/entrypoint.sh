#!/bin/sh
set -e

# Renew certificates in the background, then serve.
cron -f &
nginx -g 'daemon off;' &
wait
