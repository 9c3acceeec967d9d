# The queue worker of the gateway: renders and ships access logs.
FROM node:20-slim
WORKDIR /app
COPY . .
COPY start-worker.sh /usr/local/bin/start-worker.sh
STOPSIGNAL QUIT
ENTRYPOINT ["start-worker.sh"]
CMD ['--queue', 'logs']
