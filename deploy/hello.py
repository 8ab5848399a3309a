"""The baseline for `make bench`: the least a WSGI app can do, on the same gunicorn."""


def application(environ, start_response):
    """Answer every request with a fixed 12-byte body."""
    body = b"Hello, world"
    start_response(
        "200 OK",
        [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))],
    )
    return [body]
