"""The OpenAPI 3 document, built from the endpoints the API declares (framework.ENDPOINTS)."""

from .framework import ENDPOINTS

ERROR = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "detail": {"type": "string"}},
    "required": ["error"],
}


def document(server_url: str) -> dict:
    paths: dict[str, dict] = {}
    for e in ENDPOINTS:
        operation = {
            "summary": e.summary,
            "operationId": f"{e.method}_{e.path.strip('/').replace('/', '_').replace('{', '').replace('}', '')}",
            "tags": [e.tag],
            "parameters": e.parameters,
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {media: {"schema": schema} for media, schema in e.content.items()}
                    if e.content
                    else {"application/json": {"schema": e.response}},
                },
                "400": {"description": "Bad request", "content": {"application/json": {"schema": ERROR}}},
                "404": {"description": "Not found", "content": {"application/json": {"schema": ERROR}}},
            },
        }
        if e.permission != "core.public":
            operation["security"] = [{"bearer": []}, {"session": []}]
            operation["responses"]["401"] = {
                "description": "Not signed in",
                "content": {"application/json": {"schema": ERROR}},
            }
            operation["responses"]["403"] = {
                "description": "Not allowed",
                "content": {"application/json": {"schema": ERROR}},
            }
        if e.request_body:
            operation["requestBody"] = e.request_body
        paths.setdefault(e.path, {})[e.method] = operation
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Panorama API",
            "version": "1",
            "description": "The complete picture of digital government. Public data needs no sign-in; the rest "
            "needs a personal API token (Authorization: Bearer TOKEN) or a signed-in session.",
            "license": {
                "name": "Open Government Licence v3.0",
                "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            },
        },
        "servers": [{"url": server_url}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            }
        },
    }
