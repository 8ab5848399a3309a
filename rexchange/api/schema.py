"""The parts of the OpenAPI contract that every endpoint shares.

drf-spectacular documents each endpoint's own shapes; this adds what DRF does not
tell it: the rights block, cache validator headers, and every error status an
endpoint can answer with, so generated clients (and schemathesis) can rely on them.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

from .shapes import ERROR_SCHEMA, VALIDATION_ERROR_SCHEMA

_ETAG = {
    "schema": {"type": "string"},
    "description": "Validator for If-None-Match; changes whenever the body changes.",
    "required": True,
}
_LAST_MODIFIED = {
    "schema": {"type": "string"},
    "description": "HTTP date of the latest change shown here; for If-Modified-Since.",
}
_CACHE_CONTROL = {
    "schema": {"type": "string"},
    "description": "How long shared caches may keep this response.",
    "required": True,
}


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the statuses and headers all endpoints share."""

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _error(self, description: str, name: str = "Error", schema=None) -> dict:
        ref = self._component(name, schema or ERROR_SCHEMA)
        return {
            "description": description,
            "content": {"application/json": {"schema": ref}},
        }

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method not in ("GET", "HEAD"):
            return responses
        ok = responses.get("200")
        if ok is not None:
            ok.setdefault("headers", {}).update(
                {
                    "ETag": _ETAG,
                    "Last-Modified": _LAST_MODIFIED,
                    "Cache-Control": _CACHE_CONTROL,
                }
            )
        responses["304"] = {
            "description": "Not modified: the ETag in If-None-Match still matches, "
            "or nothing changed since If-Modified-Since.",
            "headers": {"ETag": _ETAG, "Cache-Control": _CACHE_CONTROL},
        }
        responses["400"] = self._error(
            "A query parameter was not accepted; messages per parameter.",
            name="ValidationError",
            schema=VALIDATION_ERROR_SCHEMA,
        )
        responses["401"] = self._error(
            "The API key is unknown or revoked"
            + (", or missing." if self._is_staff() else ".")
        )
        if self._is_staff():
            responses["403"] = self._error(
                "The API key does not belong to an active staff user."
            )
        responses["404"] = self._error(
            "Not found: no such object, a page past the end, or an invalid cursor."
        )
        responses["429"] = {
            **self._error("Too many requests; retry after the given seconds."),
            "headers": {
                "Retry-After": {
                    "schema": {"type": "string", "pattern": "^[0-9]+$"},
                    "description": "Seconds to wait before retrying.",
                    "required": True,
                }
            },
        }
        return responses

    def _is_staff(self) -> bool:
        from .access import HasStaffApiKey

        return any(isinstance(p, HasStaffApiKey) for p in self.view.get_permissions())


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents the two ways to send an API key."""

    target_class = "rexchange.api.access.ApiKeyAuthentication"
    name = ["ApiKeyHeader", "ApiKeyAuthorization"]

    def get_security_requirement(self, auto_schema):
        return [{"ApiKeyHeader": []}, {"ApiKeyAuthorization": []}]

    def get_security_definition(self, auto_schema):
        return [
            {
                "type": "apiKey",
                "in": "header",
                "name": "X-Api-Key",
                "description": "Your API key. Keys raise the rate limit; staff "
                "endpoints need a key that belongs to a staff user.",
            },
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "The same key as 'Authorization: Api-Key <key>'.",
            },
        ]


def api_endpoints_only(endpoints):
    """Keep the schema to /api/v1/: Wagtail's own admin API is not part of ours."""
    return [e for e in endpoints if e[0].startswith("/api/v1/")]


def explode_multi_value_filters(result, generator, request, public):
    """Declare multi-value filters as repeated parameters (?topic=a&topic=b), the
    form generated clients send; the server also takes comma lists."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("schema", {}).get("type") == "array":
                    parameter["style"] = "form"
                    parameter["explode"] = True
    return result
