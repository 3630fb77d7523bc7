"""gunicorn settings for the dashboard (`gunicorn -c deploy/gunicorn.conf.py app:server`)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2)))
timeout = 60
graceful_timeout = 20
# Import the app once in the master: workers fork with pages and templates already loaded.
preload_app = True
accesslog = "-"
