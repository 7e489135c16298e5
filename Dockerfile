# Zoeklicht in one process: gunicorn serving the API and the page on port 8000.
# The index lives in /data/index (mount a volume to keep it); on first start it is built
# from the seeds. Rebuild from outside with:
#   docker exec <container> zoeklicht index /data/corpus --index-dir /data/index
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ZOEKLICHT_INDEX_DIR=/data/index \
    ZOEKLICHT_SEEDS_DIR=/app/seeds \
    ZOEKLICHT_HOST=0.0.0.0 \
    ZOEKLICHT_PORT=8000

WORKDIR /app
COPY pyproject.toml README.md ./
COPY search ./search
COPY web ./web
COPY seeds ./seeds
RUN pip install --no-cache-dir . && useradd --create-home zoeklicht && mkdir -p /data/index \
    && chown -R zoeklicht /data
USER zoeklicht
VOLUME /data
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["zoeklicht", "serve"]
