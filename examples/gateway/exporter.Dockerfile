# The gateway's metrics exporter: a collector loop and the HTTP endpoint Prometheus scrapes.
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir gunicorn prometheus-client
COPY run-exporter.sh /usr/local/bin/run-exporter.sh
ENTRYPOINT ["run-exporter.sh"]
