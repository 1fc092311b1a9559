"""Gunicorn configuration: ``gunicorn -c python:training.gunicorn training.wsgi``.

Read from the environment: ``BIND`` (default ``127.0.0.1:8000``, behind the TLS proxy),
``WEB_CONCURRENCY`` (worker processes, default 2 x cores + 1), ``GUNICORN_TIMEOUT`` (seconds).
Gunicorn's own messages are JSON lines on stdout like the application's; its access log is off
because ``training.logs.RequestLogMiddleware`` logs every request with its id and duration.
"""

import multiprocessing
import os

from training.logs import json_logging

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = timeout
# Restart a worker now and then, staggered, to bound the memory a long-lived process can gather.
max_requests = 2000
max_requests_jitter = 200
# The TLS proxy on this machine (or the load balancer, see docs/deploy.md) sets X-Forwarded-*.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None
logconfig_dict = json_logging(
    loggers={"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}}
)
