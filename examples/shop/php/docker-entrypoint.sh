#!/bin/sh
set -e

# Warm the cache, then start php-fpm.
php bin/console cache:warmup
"$@"
