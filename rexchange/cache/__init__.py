"""Caching: the shared HTTP cache in front of the site, and Django's shared cache.

keys.py names the content a response was built from; middleware.py puts those keys
and shared-cache headers on public responses (and keeps private ones private);
purge.py sends the purges to Varnish and to Wagtail's URL-based frontend cache;
triggers.py decides which keys a change touches and queues the purge after commit;
tasks.py is the Celery task that retries a purge while the cache is down.
backends.py is Django's cache on Redis, behind a backend that survives Redis going
away (reads miss, writes are dropped, nothing raises).
"""
