# The tongbi image: the Prefect worker and the Dask workers run the same code.
FROM python:3.11.7-slim-bookworm
WORKDIR /opt/tongbi
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 TONGBI_HOME=/opt/tongbi \
    TONGBI_DATA_DIR=/data GX_ANALYTICS_ENABLED=False
COPY pyproject.toml constraints.txt README.md ./
COPY tongbi ./tongbi
COPY flows ./flows
COPY sql ./sql
COPY expectations ./expectations
COPY prefect.yaml ./
RUN pip install -c constraints.txt '.[dask]'
VOLUME ["/data"]
CMD ["tongbi", "--help"]
