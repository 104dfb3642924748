# Crossroads image: wheels built from the lock in one stage, installed without network in the next.
#   docker build -t crossroads .
# Starting a container installs nothing, compiles nothing and needs no network.
# The same recipe is checked without a container engine by scripts/check-image.

# --- build: every wheel from requirements.lock (hash-checked), and the app's own wheel ---------
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
# A compiler only for a package that ships no wheel for this platform (none do today on amd64/arm64).
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY requirements.lock pyproject.toml README.md ./
COPY scripts/lockinputs.py scripts/
# A lock older than pyproject.toml's dependencies stops the build (run scripts/lock).
RUN python scripts/lockinputs.py check requirements.lock
RUN pip wheel --require-hashes --no-deps --wheel-dir /wheels -r requirements.lock
COPY forum forum
COPY moderation moderation
RUN pip install --no-index --no-deps --upgrade /wheels/setuptools-*.whl \
    && pip wheel --no-deps --no-build-isolation --no-index --wheel-dir /wheels .
# The runtime virtualenv, filled from the wheels only; pip and setuptools leave it afterwards.
RUN python -m venv /opt/crossroads \
    && /opt/crossroads/bin/pip install --no-index --no-deps /wheels/*.whl \
    && /opt/crossroads/bin/pip uninstall -y pip setuptools \
    && find /opt/crossroads -name '__pycache__' -prune -exec rm -rf {} + \
    && /opt/crossroads/bin/python -m compileall -q /opt/crossroads/lib

# --- run: the virtualenv, templates and static files, an unprivileged user ---------------------
FROM python:3.11-slim-bookworm AS run
RUN python -m pip uninstall -y pip setuptools wheel 2>/dev/null; \
    useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin crossroads \
    && mkdir -p /app/data && chown crossroads /app/data
COPY --from=build /opt/crossroads /opt/crossroads
WORKDIR /app
COPY --chown=root:root templates templates
COPY --chown=root:root static static
ENV PATH=/opt/crossroads/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CROSSROADS_ENV=production \
    CROSSROADS_LOG_FORMAT=json \
    PROMETHEUS_MULTIPROC_DIR=/tmp/crossroads-metrics \
    CROSSROADS_ASSETS_DIR=/app \
    CROSSROADS_DATABASE_URL=sqlite:///app/data/crossroads.db
USER crossroads
# Alone (docker run -e CROSSROADS_SECRET_KEY=… -v data:/app/data): one process on SQLite.
# With PostgreSQL and Redis (docker-compose.yml): --workers N.
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
CMD ["crossroads", "serve", "--host", "0.0.0.0", "--port", "8000"]
