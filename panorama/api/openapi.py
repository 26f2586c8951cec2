"""The OpenAPI 3 document, built from the endpoints the API declares (framework.ENDPOINTS)."""

from .framework import ENDPOINTS

ERROR = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "detail": {"type": "string"}},
    "required": ["error"],
}


# The one input rule (panorama.site.middleware): no parameter or field may hold a control character
# other than tab, line feed and carriage return. Every free-text string in the document says so.
TEXT = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]*$"


def _with_input_rule(schema: dict, *, body: bool = False) -> dict:
    """A copy of `schema` whose free-text strings carry the input rule's pattern; in a request body,
    objects take no fields they do not name (their names would be checked by the same rule)."""
    if not isinstance(schema, dict):
        return schema
    schema = dict(schema)
    free_text = schema.get("type") == "string" and not {"enum", "pattern"} & schema.keys()
    if free_text and schema.get("format") not in ("binary", "uuid", "date", "date-time"):
        schema["pattern"] = TEXT
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            schema[key] = [_with_input_rule(s, body=body) for s in schema[key]]
    if "items" in schema:
        schema["items"] = _with_input_rule(schema["items"], body=body)
    if "properties" in schema:
        schema["properties"] = {k: _with_input_rule(v, body=body) for k, v in schema["properties"].items()}
        if body:
            schema.setdefault("additionalProperties", False)
    return schema


def _parameters(parameters: list[dict]) -> list[dict]:
    return [{**p, "schema": _with_input_rule(p.get("schema", {}))} for p in parameters]


def _body(request_body: dict) -> dict:
    content = {
        media: {**spec, "schema": _with_input_rule(spec.get("schema", {}), body=True)}
        for media, spec in request_body.get("content", {}).items()
    }
    return {**request_body, "content": content}


def document(server_url: str) -> dict:
    paths: dict[str, dict] = {}
    for e in ENDPOINTS:
        operation = {
            "summary": e.summary,
            "operationId": f"{e.method}_{e.path.strip('/').replace('/', '_').replace('{', '').replace('}', '')}",
            "tags": [e.tag],
            "parameters": _parameters(e.parameters),
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
            operation["requestBody"] = _body(e.request_body)
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
