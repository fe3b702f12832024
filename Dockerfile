# Nhắc việc CCHC: the bot in a container. Small (slim base, no compilers in the final image), non-root,
# dependencies pinned by requirements.lock, migrations applied at start (`nhacviec init`, then `run`).
# Build: docker build -t nhacviec .   Run: see compose.yaml and the README ("Containers").

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/nhacviec
COPY requirements.lock ./
RUN /opt/nhacviec/bin/pip install --requirement requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY jobs ./jobs
COPY storage ./storage
COPY plan_data ./plan_data
# --no-deps: everything the package needs is already installed, at the versions of the lock
RUN /opt/nhacviec/bin/pip install --no-deps . && /opt/nhacviec/bin/nhacviec --help > /dev/null

FROM python:3.11-slim-bookworm
# postgresql-client: pg_dump/pg_restore for `nhacviec backup` (15, as the postgres:15 service in compose.yaml)
RUN apt-get update \
 && apt-get install --yes --no-install-recommends postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --create-home nhacviec
COPY --from=build /opt/nhacviec /opt/nhacviec
COPY deploy/docker-start.sh /usr/local/bin/nhacviec-start
ENV PATH=/opt/nhacviec/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    NHACVIEC_DATABASE_URL=sqlite:////app/var/nhacviec.db \
    NHACVIEC_FILES_DIR=/app/var/files \
    NHACVIEC_BACKUP_DIR=/app/var/backups \
    NHACVIEC_WEBHOOK_LISTEN=0.0.0.0 \
    NHACVIEC_WEBHOOK_PORT=8443 \
    NHACVIEC_HEALTH_LISTEN=0.0.0.0 \
    NHACVIEC_HEALTH_PORT=8443 \
    ZALO_WEBHOOK_LISTEN=0.0.0.0
USER nhacviec
WORKDIR /app
RUN mkdir -p /app/var/files /app/var/backups
VOLUME ["/app/var"]
EXPOSE 8443 8444
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8443/readyz', timeout=4)"]
STOPSIGNAL SIGTERM
CMD ["nhacviec-start"]
