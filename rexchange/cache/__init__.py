"""The shared HTTP cache in front of the site: surrogate keys, headers and purges.

keys.py names the content a response was built from; middleware.py puts those keys
and shared-cache headers on public responses (and keeps private ones private);
purge.py sends the purges to Varnish and to Wagtail's URL-based frontend cache;
triggers.py decides which keys a change touches and queues the purge after commit;
tasks.py is the Celery task that retries a purge while the cache is down.
"""
