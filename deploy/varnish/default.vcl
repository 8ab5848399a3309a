# rexchange in front of gunicorn: Varnish 7 with xkey surrogate keys (varnish-modules).
#
# The app decides what is public: it tags public responses with an `xkey` header and
# Cache-Control with s-maxage, stale-while-revalidate and stale-if-error, and marks
# everything else private. This VCL adds the rules that must hold before the app is
# asked: editors (a session cookie), API keys, the admin and previews are passed
# straight through and never stored, and other cookies are dropped from public requests.
#
# deploy/serve includes this file after declaring `backend default` (gunicorn); to
# use it elsewhere, do the same.
import std;
import xkey;

# Who may purge: the app servers. Keys with `PURGE` and an `xkey-purge` header listing
# them; a URL with a plain `PURGE` (Wagtail's frontend cache).
acl purgers {
    "127.0.0.1";
    "::1";
}

probe app_health {
    .url = "/health/";
    .interval = 2s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Never shared: the admins (previews included), documents that may be private,
    # and the health check, which must reach the app.
    if (req.url ~ "^/(admin|django-admin|documents|health)(/|$)") {
        return (pass);
    }
    # API keys get their own throttles and maybe staff data; editors get their own
    # pages (drafts, the user bar).
    if (req.http.Authorization || req.http.X-Api-Key) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;
    # While the app is healthy, serve a stale object only briefly while fetching a
    # fresh one (stale-while-revalidate); when it is down, for as long as
    # stale-if-error allows (the object's grace).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || (!beresp.http.xkey && bereq.url !~ "^/static/")) {
        # Remember for a while that this URL is not cacheable, without storing it.
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    if (beresp.http.Cache-Control ~ "stale-if-error=\d+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, ".*stale-if-error=(\d+).*", "\1s"), 60s);
    }
    return (deliver);
}

sub vcl_synth {
    if (req.method == "PURGE" && req.http.x-purged) {
        set resp.http.x-purged = req.http.x-purged;
    }
}

sub vcl_deliver {
    # Readers need no keys; the stats header says what the cache did.
    unset resp.http.xkey;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
