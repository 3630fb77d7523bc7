"""gunicorn settings for the dashboard (`gunicorn -c deploy/gunicorn.conf.py 'app:create_app()'`)."""

import multiprocessing

from portal.settings import Settings

settings = Settings.from_env()
bind = f"{settings.host}:{settings.port}"
workers = int(settings.web_concurrency or min(4, multiprocessing.cpu_count() * 2))
timeout = 60
graceful_timeout = 20
# Build the app once in the master: workers fork with pages and templates already loaded.
preload_app = True
accesslog = "-"
