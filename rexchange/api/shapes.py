"""JSON Schema of the payload parts all endpoints share (no DRF imports here)."""

RIGHTS_SCHEMA = {
    "type": "object",
    "description": "Who holds the rights to this content and the terms of reuse.",
    "required": ["copyright_holder", "copyright", "licence_url"],
    "properties": {
        "copyright_holder": {"type": "string", "example": "rexchange Analysis Ltd"},
        "copyright": {
            "type": "string",
            "example": "© 2025–2026 rexchange Analysis Ltd",
        },
        "licence_url": {
            "type": "string",
            "format": "uri",
            "nullable": True,
            "description": "Terms or licence for reuse; null when not published.",
        },
    },
}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string"}},
}

VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Messages per query parameter that was not accepted.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"published_after": ["Enter a valid date."]},
}
