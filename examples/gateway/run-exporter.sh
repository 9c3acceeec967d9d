#!/bin/sh
set -e
python /app/collector.py &
exec gunicorn --bind 0.0.0.0:9100 exporter:app
