# QIC production image: one image for release (migrations), web (gunicorn), worker and
# beat (Celery), with the same commands as the Procfile (tests/test_deploy.py checks it).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=qic.settings

# pg_dump / pg_restore for `manage.py backup` and `restore` (same major version as the server);
# Pango for WeasyPrint (the PDF reports).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-15 libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 qic
WORKDIR /app

# Dependencies first (a layer that changes only with pyproject.toml), then the code:
# every app, templates and static files (.dockerignore leaves out the rest).
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; d = tomllib.load(open('pyproject.toml', 'rb')); print('\n'.join(d['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt
COPY . .
RUN pip install --no-cache-dir --no-deps .

# Static files are collected at build time and served by WhiteNoise.
# A throwaway key, drawn for the build: production settings refuse a short one.
RUN DEBUG=false ALLOWED_HOSTS=localhost \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --no-input \
    && mkdir -p /app/var/media && chown -R qic:qic /app/var

USER qic
# gunicorn reads both, as on a PaaS: it listens on 0.0.0.0:$PORT with $WEB_CONCURRENCY workers.
ENV PORT=8000 \
    WEB_CONCURRENCY=3
EXPOSE 8000
CMD ["gunicorn", "qic.wsgi:application", "--access-logfile", "-"]
