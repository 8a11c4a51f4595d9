#!/usr/bin/env python3
"""Writes contracts/wiremock/<provider>/mappings/*.json.

The JSON files are the product (load them into any WireMock); this script is how they were written, kept so a
change to a document or to docs/contract-fixtures.md is made in one place. Run it from anywhere:
    python3 contracts/wiremock/tools/generate_mappings.py
Every mapping carries metadata: the provider, the source document and section, and `example`, a concrete request
(the document's own example where it prints one) that the mapping matches. The contract tests replay `example`
against WireMock (it must hit this very mapping) and against the reference mock server (same status, same JSON shape).
"""
import json
import os
import shutil
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NS = uuid.UUID("5b0f6a52-7c1e-4d3a-9a51-2f7e0c6b9d10")
JSON_CT = {"Content-Type": "application/json; charset=utf-8"}
FIXTURES = "docs/contract-fixtures.md"

DOCS = {
    "aisupportbot": ("AISupportBot — Reference API (Enterprise et Unlimited v1)", "shared/seeds/000_2e354de87b39b27b.txt"),
    "agentapi": ("AI Support Agent API", "shared/seeds/001_1d1a56526342766a.txt"),
    "chatsupportai": ("ChatSupport AI — API Reference", "shared/seeds/002_9448e236e83d36fd.txt"),
    "askia": ("AskIA — REST API (beta)", "shared/seeds/003_634a1b9e525cb539.txt"),
    "asyntai": ("Asyntai — API Reference", "shared/seeds/004_f84d7e2bfa81013c.txt"),
}
PROVIDER_NAMES = {"aisupportbot": "AISupportBot", "agentapi": "AgentApi", "chatsupportai": "ChatSupportAI", "askia": "AskIA", "asyntai": "Asyntai"}

ALL = {}


def m(provider, slug, *, section, request, status, body=None, headers=None, priority=5, example, notes=None, fixture=None):
    name = f"{provider}/{slug}"
    source = {"document": DOCS[provider][0], "file": DOCS[provider][1], "section": section}
    if fixture:
        source["fixture"] = f"{FIXTURES} — {fixture}"
    meta = {"provider": PROVIDER_NAMES[provider], "source": source}
    if notes:
        meta["notes"] = notes
    meta["example"] = example
    response = {"status": status, "headers": {**JSON_CT, **(headers or {})}}
    if body is not None:
        response["jsonBody"] = body
    mapping = {
        "id": str(uuid.uuid5(NS, name)),
        "name": name,
        "priority": priority,
        "request": request,
        "response": response,
        "metadata": meta,
    }
    ALL.setdefault(provider, []).append((slug, mapping))


def json_body(obj):
    return {"equalToJson": obj, "ignoreArrayOrder": False, "ignoreExtraElements": True}


def has(path):
    return {"matchesJsonPath": path}


def missing(path):
    return {"not": {"matchesJsonPath": path}}


def ex(method, url, headers=None, body=None):
    e = {"method": method, "url": url}
    if headers:
        e["headers"] = headers
    if body is not None:
        e["body"] = body
    return e


JSON_REQ = {"Content-Type": {"contains": "application/json"}}

# ---------------------------------------------------------------- AISupportBot
P = "aisupportbot"
CHAT = "/aisupportbot/api/chat"
GOOD_KEY = {"matches": "ask_your_api_key|ask_your_key_here"}
A_HDR = {"X-API-Key": "ask_your_api_key", "Content-Type": "application/json"}
A_HDR2 = {"X-API-Key": "ask_your_key_here", "Content-Type": "application/json"}
RESET_ANSWER = "The reset link is sent to your registered email…"
USAGE = {"prompt_tokens": 312, "completion_tokens": 48, "total_tokens": 360}

minimal = {"assistantId": "clz1abc...", "message": "How do I reset my password?"}
m(P, "chat-minimal", section="Chat Endpoint — Minimal Request; Response Schema — Response 200 OK",
  request={"method": "POST", "url": CHAT, "headers": {"X-API-Key": GOOD_KEY, **JSON_REQ}, "bodyPatterns": [json_body(minimal)]},
  status=200, body={"response": RESET_ANSWER, "requiresEscalation": False, "usage": USAGE},
  example=ex("POST", CHAT, A_HDR, minimal))

ctx_req = {"assistantId": "clz1abc...", "message": "Why is my bot offline?", "userId": "discord_123456",
           "userContext": {"username": "NikolaB", "plan": "pro", "servers": [{"name": "MyBot", "status": "offline", "uptime": "98.2%"}],
                           "coins": 450, "memberSince": "2024-03-15"}}
m(P, "chat-user-context", section="User Context — Example: Bot Hosting Platform",
  request={"method": "POST", "url": CHAT, "headers": {"X-API-Key": GOOD_KEY, **JSON_REQ},
           "bodyPatterns": [json_body({"assistantId": "clz1abc...", "message": "Why is my bot offline?", "userId": "discord_123456"}),
                            {"matchesJsonPath": {"expression": "$.userContext.username", "equalTo": "NikolaB"}}]},
  status=200, body={"response": "Hi NikolaB! I can see that MyBot (Pro plan) is currently offline. Common causes include…",
                    "requiresEscalation": False, "usage": {"prompt_tokens": 402, "completion_tokens": 61, "total_tokens": 463}},
  notes="The answer text is the document's; the document prints no usage for this example, so the token counts are illustrative.",
  example=ex("POST", CHAT, A_HDR, ctx_req))

hist_req = {"assistantId": "clz1abc...", "message": "I did not get the email",
            "history": [{"role": "user", "content": "How do I reset my password?"}, {"role": "assistant", "content": RESET_ANSWER}]}
m(P, "chat-with-history", section="Examples — JavaScript / TypeScript: With conversation history + userContext; Request Body: history",
  request={"method": "POST", "url": CHAT, "headers": {"X-API-Key": GOOD_KEY, **JSON_REQ},
           "bodyPatterns": [json_body({"assistantId": "clz1abc...", "message": "I did not get the email"}),
                            {"matchesJsonPath": {"expression": "$.history[0].role", "equalTo": "user"}},
                            {"matchesJsonPath": {"expression": "$.history[1].role", "equalTo": "assistant"}}]},
  status=200, body={"response": "Please check your spam folder: the reset email comes from no-reply@aisupportbot.io.", "requiresEscalation": False,
                    "usage": {"prompt_tokens": 355, "completion_tokens": 22, "total_tokens": 377}},
  notes="History is an array of {role, content}, max 15 kept. The follow-up question and its answer are illustrative.",
  example=ex("POST", CHAT, A_HDR2, hist_req))

esc_req = {"assistantId": "clz1abc...", "message": "Can I pay my invoice in gold bars?"}
m(P, "chat-escalation", section="Response Schema — requiresEscalation; Handling Escalation",
  request={"method": "POST", "url": CHAT, "headers": {"X-API-Key": GOOD_KEY, **JSON_REQ}, "bodyPatterns": [json_body(esc_req)]},
  status=200, body={"response": "", "requiresEscalation": True, "usage": {"prompt_tokens": 298, "completion_tokens": 0, "total_tokens": 298}},
  notes="`response` may be an empty string when escalation was triggered. The question is illustrative.",
  example=ex("POST", CHAT, A_HDR, esc_req))

m(P, "error-400-missing-assistant-id", section="Error Codes — 400 Bad Request (missing assistantId)", priority=2,
  request={"method": "POST", "url": CHAT, "bodyPatterns": [missing("$.assistantId")]},
  status=400, body={"error": "Missing required fields", "details": "assistantId and message are required."},
  fixture="AISupportBot 400", example=ex("POST", CHAT, A_HDR, {"message": "How do I reset my password?"}))
m(P, "error-400-missing-message", section="Error Codes — 400 Bad Request (missing message)", priority=2,
  request={"method": "POST", "url": CHAT, "bodyPatterns": [missing("$.message")]},
  status=400, body={"error": "Missing required fields", "details": "assistantId and message are required."},
  fixture="AISupportBot 400", example=ex("POST", CHAT, A_HDR, {"assistantId": "clz1abc..."}))
big = {"assistantId": "clz1abc...", "message": "Why is my bot offline?", "userContext": {"notes": "x" * 4200}}
m(P, "error-400-user-context-too-large", section="User Context — Constraints: Max size 4 KB; Error Codes — 400", priority=2,
  request={"method": "POST", "url": CHAT, "bodyPatterns": [{"matchesJsonPath": {"expression": "$.userContext", "matches": "(?s).{4097,}"}}]},
  status=400, body={"error": "userContext too large", "details": "userContext must be at most 4KB."},
  notes="Matches a userContext whose JSON text is longer than 4096 characters (the document's limit is 4 KB).",
  fixture="AISupportBot 400", example=ex("POST", CHAT, A_HDR, big))
m(P, "error-401-missing-key", section="Authentication; Error Codes — 401 Unauthorized (missing)", priority=1,
  request={"method": "POST", "url": CHAT, "headers": {"X-API-Key": {"absent": True}}},
  status=401, body={"error": "Missing API key"}, fixture="AISupportBot missing key",
  example=ex("POST", CHAT, {"Content-Type": "application/json"}, minimal))
m(P, "error-401-malformed-key", section="Error Codes — 401 Unauthorized (malformed: must start with ask_)", priority=1,
  request={"method": "POST", "url": CHAT, "headers": {"X-API-Key": {"doesNotMatch": "ask_.*"}}},
  status=401, body={"error": "Invalid API key", "details": "API key must start with ask_"}, fixture="AISupportBot key without prefix",
  example=ex("POST", CHAT, {"X-API-Key": "sk_not_an_ask_key", "Content-Type": "application/json"}, minimal))
m(P, "error-401-revoked-key", section="Error Codes — 401 Unauthorized (has been deleted)", priority=1,
  request={"method": "POST", "url": CHAT, "headers": {"X-API-Key": {"equalTo": "ask_revoked_key"}}},
  status=401, body={"error": "Invalid API key", "details": "The API key has been deleted."}, fixture="AISupportBot revoked key",
  example=ex("POST", CHAT, {"X-API-Key": "ask_revoked_key", "Content-Type": "application/json"}, minimal))
m(P, "error-403-key-of-another-assistant", section="Error Codes — 403 Forbidden", priority=1,
  request={"method": "POST", "url": CHAT, "headers": {"X-API-Key": {"equalTo": "ask_other_assistant_key"}},
           "bodyPatterns": [{"matchesJsonPath": {"expression": "$.assistantId", "equalTo": "clz1abc..."}}]},
  status=403, body={"error": "Forbidden", "details": "The API key does not belong to the requested assistantId."},
  fixture="AISupportBot key of another assistant",
  example=ex("POST", CHAT, {"X-API-Key": "ask_other_assistant_key", "Content-Type": "application/json"}, minimal))
m(P, "error-404-unknown-assistant", section="Error Codes — 404 Not Found", priority=3,
  request={"method": "POST", "url": CHAT, "headers": {"X-API-Key": {"matches": "ask_.*"}},
           "bodyPatterns": [{"matchesJsonPath": {"expression": "$.assistantId", "equalTo": "clz_unknown"}}]},
  status=404, body={"error": "Assistant not found", "details": "The given assistantId doesn't exist or the assistant is not active."},
  fixture="AISupportBot unknown assistant",
  example=ex("POST", CHAT, A_HDR, {"assistantId": "clz_unknown", "message": "How do I reset my password?"}))
m(P, "error-429-plan-limit-reached", section="Error Codes — 429 Plan Limit Reached; Error response example", priority=1,
  request={"method": "POST", "url": CHAT, "headers": {"X-API-Key": {"equalTo": "ask_quota_exhausted_key"}},
           "bodyPatterns": [{"matchesJsonPath": {"expression": "$.assistantId", "equalTo": "clz_quota_exhausted"}}]},
  status=429, body={"error": "Plan limit reached", "details": "Upgrade to get more responses. (1000/1000)"},
  notes="429 here is the monthly response quota, not a rate limit: no Retry-After is documented.", fixture="AISupportBot quota exhausted",
  example=ex("POST", CHAT, {"X-API-Key": "ask_quota_exhausted_key", "Content-Type": "application/json"},
             {"assistantId": "clz_quota_exhausted", "message": "How do I reset my password?"}))
m(P, "error-500-server-error", section="Error Codes — 500 Internal Server Error", priority=1,
  request={"method": "POST", "url": CHAT, "headers": {"X-API-Key": {"equalTo": "ask_server_error_key"}},
           "bodyPatterns": [{"matchesJsonPath": {"expression": "$.assistantId", "equalTo": "clz_server_error"}}]},
  status=500, body={"error": "Internal server error", "details": "Unexpected server error. Retry after a few seconds."},
  fixture="AISupportBot server error",
  example=ex("POST", CHAT, {"X-API-Key": "ask_server_error_key", "Content-Type": "application/json"},
             {"assistantId": "clz_server_error", "message": "How do I reset my password?"}))

# ---------------------------------------------------------------- Asyntai
P = "asyntai"
B = "/asyntai/api/v1"
BEARER = {"Authorization": {"equalTo": "Bearer YOUR_API_KEY"}}
Y_HDR = {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
Y_GET = {"Authorization": "Bearer YOUR_API_KEY"}
chat_req = {"message": "What are your business hours?", "session_id": "user_123"}
chat_resp = {"success": True, "response": "Our business hours are Monday-Friday, 9 AM to 5 PM EST.", "session_id": "user_123"}
m(P, "chat", section="POST /chat/ — Request Body, Response, Example (cURL) with Authorization: Bearer",
  request={"method": "POST", "url": f"{B}/chat/", "headers": {**BEARER, **JSON_REQ}, "bodyPatterns": [json_body(chat_req)]},
  status=200, body=chat_resp, example=ex("POST", f"{B}/chat/", Y_HDR, chat_req))
m(P, "chat-x-api-key", section="Authentication — X-API-Key header; POST /chat/",
  request={"method": "POST", "url": f"{B}/chat/", "headers": {"X-API-Key": {"equalTo": "YOUR_API_KEY"}, **JSON_REQ},
           "bodyPatterns": [json_body(chat_req)]},
  status=200, body=chat_resp, example=ex("POST", f"{B}/chat/", {"X-API-Key": "YOUR_API_KEY", "Content-Type": "application/json"}, chat_req))
web_req = {"message": "What are your business hours?", "session_id": "user_123", "website_id": 1}
m(P, "chat-website-id", section="POST /chat/ — Request Body with website_id (integer)", priority=4,
  request={"method": "POST", "url": f"{B}/chat/", "headers": {**BEARER, **JSON_REQ}, "bodyPatterns": [json_body(web_req)]},
  status=200, body=chat_resp, notes="website_id is an integer on the wire.", example=ex("POST", f"{B}/chat/", Y_HDR, web_req))
m(P, "websites", section="GET /websites/",
  request={"method": "GET", "urlPath": f"{B}/websites/", "headers": BEARER},
  status=200, body={"success": True, "websites": [{"id": 1, "name": "My Website", "domain": "example.com", "is_primary": True}]},
  example=ex("GET", f"{B}/websites/", Y_GET))
m(P, "conversations", section="GET /conversations/ — Query Parameters, Response, Example (cURL)",
  request={"method": "GET", "urlPath": f"{B}/conversations/", "headers": BEARER, "queryParameters": {"session_id": {"equalTo": "user_123"}}},
  status=200, body={"success": True, "session_id": "user_123", "messages": [
      {"role": "user", "content": "What are your business hours?", "timestamp": "2024-01-15T10:30:00Z"},
      {"role": "assistant", "content": "Our business hours are Monday-Friday, 9 AM to 5 PM EST.", "timestamp": "2024-01-15T10:30:01Z"}]},
  example=ex("GET", f"{B}/conversations/?session_id=user_123&limit=20", Y_GET))
m(P, "account", section="GET /account/",
  request={"method": "GET", "urlPath": f"{B}/account/", "headers": BEARER},
  status=200, body={"success": True, "account": {"email": "you@example.com", "plan": "starter", "messages_used": 150, "messages_limit": 2500}},
  example=ex("GET", f"{B}/account/", Y_GET))
m(P, "error-400-chat-missing-message", section="POST /chat/ — message required; Error Responses — 400", priority=2,
  request={"method": "POST", "url": f"{B}/chat/", "bodyPatterns": [missing("$.message")]},
  status=400, body={"success": False, "error": "Missing required field: message"}, fixture="Asyntai 400",
  example=ex("POST", f"{B}/chat/", Y_HDR, {"session_id": "user_123"}))
m(P, "error-400-conversations-missing-session-id", section="GET /conversations/ — session_id required; Error Responses — 400", priority=2,
  request={"method": "GET", "urlPath": f"{B}/conversations/", "queryParameters": {"session_id": {"absent": True}}},
  status=400, body={"success": False, "error": "session_id is required"}, fixture="Asyntai 400",
  example=ex("GET", f"{B}/conversations/", Y_GET))
m(P, "error-400-conversations-limit-out-of-range", section="GET /conversations/ — limit (max 100); Error Responses — 400", priority=2,
  request={"method": "GET", "urlPath": f"{B}/conversations/",
           "queryParameters": {"limit": {"doesNotMatch": "[1-9][0-9]?|100"}}},
  status=400, body={"success": False, "error": "limit must be between 1 and 100"}, fixture="Asyntai 400",
  example=ex("GET", f"{B}/conversations/?session_id=user_123&limit=500", Y_GET))
m(P, "error-401-missing-key", section="Authentication; Error Responses — 401 (missing API key)", priority=1,
  request={"urlPathPattern": f"{B}/.*", "method": "ANY", "headers": {"Authorization": {"absent": True}, "X-API-Key": {"absent": True}}},
  status=401, body={"success": False, "error": "Invalid or missing API key"}, fixture="Asyntai invalid key or missing",
  example=ex("GET", f"{B}/account/"))
m(P, "error-401-invalid-key", section="Error Responses — 401 (invalid API key)", priority=1,
  request={"urlPathPattern": f"{B}/.*", "method": "ANY", "headers": {"Authorization": {"equalTo": "Bearer asyntai_invalid_key"}}},
  status=401, body={"success": False, "error": "Invalid or missing API key"}, fixture="Asyntai invalid key",
  example=ex("POST", f"{B}/chat/", {"Authorization": "Bearer asyntai_invalid_key", "Content-Type": "application/json"}, chat_req))
m(P, "error-429-message-limit", section="Error Responses — 429 Message limit reached for your plan; Rate Limits (messages/month)", priority=1,
  request={"method": "POST", "url": f"{B}/chat/", "headers": {"Authorization": {"equalTo": "Bearer asyntai_quota_exhausted_key"}}},
  status=429, body={"success": False, "error": "Message limit reached for your plan"},
  notes="A monthly plan quota (2500/2500 on Starter), not a per-window rate limit: no Retry-After.", fixture="Asyntai quota exhausted",
  example=ex("POST", f"{B}/chat/", {"Authorization": "Bearer asyntai_quota_exhausted_key", "Content-Type": "application/json"}, chat_req))
m(P, "error-503-ai-unavailable", section="Error Responses — 503 Service Unavailable", priority=3,
  request={"method": "POST", "url": f"{B}/chat/", "headers": BEARER,
           "bodyPatterns": [{"matchesJsonPath": {"expression": "$.website_id", "equalTo": "99"}}]},
  status=503, body={"success": False, "error": "AI service temporarily unavailable"}, fixture="Asyntai AI off (website_id 99)",
  example=ex("POST", f"{B}/chat/", Y_HDR, {"message": "What are your business hours?", "session_id": "user_123", "website_id": 99}))

# ---------------------------------------------------------------- ChatSupport AI
P = "chatsupportai"
B = "/chatsupportai/api"
CS_BEARER = {"Authorization": {"equalTo": "Bearer YOUR_API_KEY"}}
C_HDR = {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
cs_resp = {"id": "resp_1680123456789", "message": "Our business hours are 9am-5pm EST, Monday through Friday.", "timestamp": "2023-03-29T14:30:00.000Z"}
cs_ctx = {"rules": {"companyName": "Acme Inc.", "companyDescription": "A software company specializing in AI tools.",
                    "policies": [{"title": "Business Hours", "content": "Our business hours are 9am-5pm EST, Monday through Friday."}],
                    "tone": "friendly"},
          "scrapedData": "Acme Inc. provides cutting-edge AI solutions for businesses."}
cs_full = {"message": "What are your business hours?", "widgetId": "YOUR_WIDGET_ID", "sessionId": "user_session_123", "context": cs_ctx}
cs_min = {"message": "What are your business hours?", "widgetId": "YOUR_WIDGET_ID", "sessionId": "user_session_123"}
m(P, "chat-with-context", section="Chat API — Request Body (context.rules + scrapedData), Success Response", priority=4,
  request={"method": "POST", "url": f"{B}/widget/chat", "headers": {**CS_BEARER, **JSON_REQ}, "bodyPatterns": [json_body(cs_full)]},
  status=200, body=cs_resp, example=ex("POST", f"{B}/widget/chat", C_HDR, cs_full))
m(P, "chat", section="Chat API — Example Request (cURL), Success Response",
  request={"method": "POST", "url": f"{B}/widget/chat", "headers": {**CS_BEARER, **JSON_REQ}, "bodyPatterns": [json_body(cs_min)]},
  status=200, body=cs_resp, example=ex("POST", f"{B}/widget/chat", C_HDR, cs_min))
m(P, "scrape", section="JavaScript SDK — client.scrapeUrl({url})",
  request={"method": "POST", "url": f"{B}/scrape", "headers": {**CS_BEARER, **JSON_REQ},
           "bodyPatterns": [json_body({"url": "https://example.com/about-us"})]},
  status=200, body={"url": "https://example.com/about-us", "title": "About Us - Acme Inc.",
                    "content": "Acme Inc. provides cutting-edge AI solutions for businesses."},
  notes="The document shows only the SDK call; the path (POST scrape) and the response shape {url, title, content} are "
        "SupportBot.Client's (src/SupportBot.Client/Providers/ChatSupportAI/ChatSupportAIModels.cs).",
  example=ex("POST", f"{B}/scrape", C_HDR, {"url": "https://example.com/about-us"}))
cfg = {"widgetId": "YOUR_WIDGET_ID", "name": "Acme Inc. Support", "welcomeMessage": "Hi! How can we help you today?", "companyName": "Acme Inc.",
       "primaryColor": "#6366f1", "backgroundColor": "#ffffff", "textColor": "#1f2937", "logoUrl": "https://example.com/logo.png",
       "position": "bottom-right", "theme": "light", "language": "en"}
m(P, "widget-config", section="JavaScript SDK — client.getWidgetConfig()",
  request={"method": "GET", "urlPath": f"{B}/widget/YOUR_WIDGET_ID/config", "headers": CS_BEARER},
  status=200, body=cfg,
  notes="The document shows only the SDK call; the path (GET widget/{widgetId}/config) and the response shape are "
        "SupportBot.Client's (ChatSupportAIWidgetConfig in ChatSupportAIModels.cs). Values are illustrative.",
  example=ex("GET", f"{B}/widget/YOUR_WIDGET_ID/config", {"Authorization": "Bearer YOUR_API_KEY"}))
m(P, "error-400-missing-message", section="Chat API — Required Parameters; Error Codes — 400 Missing required parameters", priority=2,
  request={"method": "POST", "url": f"{B}/widget/chat", "bodyPatterns": [missing("$.message")]},
  status=400, body={"error": "Missing required parameters"}, fixture="ChatSupportAI 400",
  example=ex("POST", f"{B}/widget/chat", C_HDR, {"widgetId": "YOUR_WIDGET_ID"}))
m(P, "error-400-missing-widget-id", section="Chat API — Required Parameters; Error Codes — 400 Missing required parameters", priority=2,
  request={"method": "POST", "url": f"{B}/widget/chat", "bodyPatterns": [missing("$.widgetId")]},
  status=400, body={"error": "Missing required parameters"}, fixture="ChatSupportAI 400",
  example=ex("POST", f"{B}/widget/chat", C_HDR, {"message": "What are your business hours?"}))
m(P, "error-401-missing-key", section="Authentication; Error Codes — 401 Unauthorized - Invalid or missing API key", priority=1,
  request={"method": "ANY", "urlPathPattern": f"{B}/.*", "headers": {"Authorization": {"absent": True}}},
  status=401, body={"error": "Unauthorized - Invalid or missing API key"}, fixture="ChatSupportAI missing key",
  example=ex("POST", f"{B}/widget/chat", {"Content-Type": "application/json"}, cs_min))
m(P, "error-401-invalid-key", section="Error Codes — 401 Unauthorized - Invalid or missing API key", priority=1,
  request={"method": "ANY", "urlPathPattern": f"{B}/.*", "headers": {"Authorization": {"equalTo": "Bearer chatsupport_invalid_key"}}},
  status=401, body={"error": "Unauthorized - Invalid or missing API key"}, fixture="ChatSupportAI invalid key",
  example=ex("POST", f"{B}/widget/chat", {"Authorization": "Bearer chatsupport_invalid_key", "Content-Type": "application/json"}, cs_min))
m(P, "error-404-unknown-widget-chat", section="Error Codes — 404 Widget not found", priority=3,
  request={"method": "POST", "url": f"{B}/widget/chat", "headers": CS_BEARER,
           "bodyPatterns": [{"matchesJsonPath": {"expression": "$.widgetId", "equalTo": "unknown_widget"}}]},
  status=404, body={"error": "Widget not found"}, fixture="ChatSupportAI unknown widget",
  example=ex("POST", f"{B}/widget/chat", C_HDR, {"message": "What are your business hours?", "widgetId": "unknown_widget"}))
m(P, "error-404-unknown-widget-config", section="Error Codes — 404 Widget not found (widget configuration)", priority=3,
  request={"method": "GET", "urlPath": f"{B}/widget/unknown_widget/config", "headers": CS_BEARER},
  status=404, body={"error": "Widget not found"}, fixture="ChatSupportAI unknown widget",
  example=ex("GET", f"{B}/widget/unknown_widget/config", {"Authorization": "Bearer YOUR_API_KEY"}))
m(P, "error-429-rate-limited", section="Rate Limits — 429 Too Many Requests", priority=1,
  request={"method": "ANY", "urlPathPattern": f"{B}/.*", "headers": {"Authorization": {"equalTo": "Bearer chatsupport_rate_limited_key"}}},
  status=429, body={"error": "Too Many Requests"}, headers={"Retry-After": "60"},
  notes="The document says only '429 Too Many Requests' (a per-plan rate limit); Retry-After: 60 is the fixture's.",
  fixture="ChatSupportAI rate limited",
  example=ex("POST", f"{B}/widget/chat", {"Authorization": "Bearer chatsupport_rate_limited_key", "Content-Type": "application/json"}, cs_min))
m(P, "error-500-server-error", section="Error Codes — 500 Server error", priority=3,
  request={"method": "POST", "url": f"{B}/widget/chat", "headers": CS_BEARER,
           "bodyPatterns": [{"matchesJsonPath": {"expression": "$.widgetId", "equalTo": "server_error_widget"}}]},
  status=500, body={"error": "Server error"}, fixture="ChatSupportAI server error",
  example=ex("POST", f"{B}/widget/chat", C_HDR, {"message": "What are your business hours?", "widgetId": "server_error_widget"}))

# ---------------------------------------------------------------- AskIA
P = "askia"
B = "/askia/api"
K_HDR = {"Content-Type": "application/json"}
ask_req = {"botId": "YOUR_BOT_ID", "message": "What are your pricing plans?", "conversationId": "optional-conversation-id"}
m(P, "chat", section="POST /api/widget/chat — Corps de la Requête, Exemple de Requête, Réponse",
  request={"method": "POST", "url": f"{B}/widget/chat", "headers": JSON_REQ,
           "bodyPatterns": [json_body({"botId": "YOUR_BOT_ID", "message": "What are your pricing plans?"})]},
  status=200, body={"reply": "We offer three pricing plans: Free, Pro ($29/month), and Enterprise (custom pricing)...",
                    "conversationId": "conv_abc123", "messageId": "msg_xyz789"},
  notes="No authentication today (a bearer JWT is announced): the matcher ignores Authorization. conversationId is optional.",
  example=ex("POST", f"{B}/widget/chat", K_HDR, ask_req))
bot = {"id": "bot_abc123", "name": "Customer Support Assistant", "description": "Helps customers with product questions",
       "category": "support", "language": "en", "createdAt": "2025-01-15T10:00:00Z"}
m(P, "bot", section="GET /api/bots/:id — Réponse",
  request={"method": "GET", "urlPathPattern": f"{B}/bots/(YOUR_BOT_ID|bot_abc123)"},
  status=200, body=bot, example=ex("GET", f"{B}/bots/YOUR_BOT_ID"))
m(P, "branding", section="GET /api/bots/:id/branding — Réponse",
  request={"method": "GET", "urlPathPattern": f"{B}/bots/(YOUR_BOT_ID|bot_abc123)/branding"},
  status=200, body={"primaryColor": "#6366f1", "backgroundColor": "#ffffff", "textColor": "#1f2937", "logoUrl": "https://example.com/logo.png",
                    "position": "bottom-right", "theme": "light"},
  example=ex("GET", f"{B}/bots/YOUR_BOT_ID/branding"))
m(P, "error-400-missing-bot-id", section="Codes d'Erreur — 400 Paramètres manquants ou invalides (botId required)", priority=2,
  request={"method": "POST", "url": f"{B}/widget/chat", "bodyPatterns": [missing("$.botId")]},
  status=400, body={"error": "Paramètres manquants ou invalides"}, fixture="AskIA 400",
  example=ex("POST", f"{B}/widget/chat", K_HDR, {"message": "What are your pricing plans?"}))
m(P, "error-400-missing-message", section="Codes d'Erreur — 400 Paramètres manquants ou invalides (message required)", priority=2,
  request={"method": "POST", "url": f"{B}/widget/chat", "bodyPatterns": [missing("$.message")]},
  status=400, body={"error": "Paramètres manquants ou invalides"}, fixture="AskIA 400",
  example=ex("POST", f"{B}/widget/chat", K_HDR, {"botId": "YOUR_BOT_ID"}))
m(P, "error-404-unknown-bot-chat", section="Codes d'Erreur — 404 Bot introuvable", priority=3,
  request={"method": "POST", "url": f"{B}/widget/chat",
           "bodyPatterns": [{"matchesJsonPath": {"expression": "$.botId", "equalTo": "unknown_bot"}}]},
  status=404, body={"error": "Bot introuvable"}, fixture="AskIA unknown bot",
  example=ex("POST", f"{B}/widget/chat", K_HDR, {"botId": "unknown_bot", "message": "What are your pricing plans?"}))
m(P, "error-404-unknown-bot", section="Codes d'Erreur — 404 Bot introuvable (GET /api/bots/:id and /branding)", priority=3,
  request={"method": "GET", "urlPathPattern": f"{B}/bots/unknown_bot(/branding)?"},
  status=404, body={"error": "Bot introuvable"}, fixture="AskIA unknown bot",
  example=ex("GET", f"{B}/bots/unknown_bot"))
m(P, "error-429-rate-limited", section="Codes d'Erreur — 429 Limite de débit dépassée; Limites de Débit (100/h free, 1000/h pro)", priority=3,
  request={"method": "POST", "url": f"{B}/widget/chat",
           "bodyPatterns": [{"matchesJsonPath": {"expression": "$.botId", "equalTo": "rate_limited_bot"}}]},
  status=429, body={"error": "Limite de débit dépassée"}, headers={"Retry-After": "3600"},
  notes="An hourly rate limit; Retry-After: 3600 is the fixture's (the document does not print the header).",
  fixture="AskIA rate limited",
  example=ex("POST", f"{B}/widget/chat", K_HDR, {"botId": "rate_limited_bot", "message": "What are your pricing plans?"}))
m(P, "error-500-server-error", section="Codes d'Erreur — 500 Erreur serveur", priority=3,
  request={"method": "POST", "url": f"{B}/widget/chat",
           "bodyPatterns": [{"matchesJsonPath": {"expression": "$.botId", "equalTo": "server_error_bot"}}]},
  status=500, body={"error": "Erreur serveur"}, fixture="AskIA server error",
  example=ex("POST", f"{B}/widget/chat", K_HDR, {"botId": "server_error_bot", "message": "What are your pricing plans?"}))

# ---------------------------------------------------------------- AgentApi
P = "agentapi"
B = "/agentapi/v1"
AG = {"Authorization": {"equalTo": "Bearer sk_live_your_key_here"}}
G_HDR = {"Authorization": "Bearer sk_live_your_key_here", "Content-Type": "application/json"}
G_GET = {"Authorization": "Bearer sk_live_your_key_here"}
SHAPES = "SupportBot.Client's wire DTOs (src/SupportBot.Client/Providers/AgentApi/AgentApiModels.cs); the document names the operations but prints no bodies"


def err(code, message):
    return {"error": {"code": code, "message": message}}


q_req = {"message": "When does my subscription renew?", "conversation_id": "conv_abc123", "user_token": "jwt_for_authenticated_user"}
q_resp = {"answer": "Your subscription renews on the 1st of each month. You can change the date under Billing → Subscription.",
          "conversation_id": "conv_abc123", "message_id": "msg_def456",
          "sources": [{"document_id": "doc_billing_faq", "title": "Billing FAQ",
                       "excerpt": "Subscriptions renew automatically on the 1st of each month."}],
          "confidence": 0.92}
m(P, "query", section="Core endpoints — POST /v1/query; FAQ — What format are the responses?",
  request={"method": "POST", "url": f"{B}/query", "headers": {**AG, **JSON_REQ}, "bodyPatterns": [json_body(q_req)]},
  status=200, body=q_resp,
  notes="Request body verbatim from the document. The document describes the response (answer, sources with document ids and "
        "excerpts, confidence, conversation id) without printing one; field names are " + SHAPES.split(";")[0] + ".",
  example=ex("POST", f"{B}/query", G_HDR, q_req))
low = {"message": "Can I pay with gold bars?"}
m(P, "query-low-confidence", section="Core endpoints — POST /v1/query (confidence indicator); conversations — gap log",
  request={"method": "POST", "url": f"{B}/query", "headers": {**AG, **JSON_REQ}, "bodyPatterns": [json_body(low)]},
  status=200, body={"answer": "I'm not sure about that. Let me connect you with a member of our team.", "conversation_id": "conv_gap001",
                    "message_id": "msg_gap001", "sources": [], "confidence": 0.18},
  notes="A low-confidence answer (the SDK escalates below EscalationConfidenceThreshold, default 0.5). Illustrative values.",
  example=ex("POST", f"{B}/query", G_HDR, low))
m(P, "query-quota-warning", section="Rate limits and quotas — warning header before quota rejection", priority=1,
  request={"method": "POST", "url": f"{B}/query", "headers": {"Authorization": {"equalTo": "Bearer sk_live_quota_warning"}, **JSON_REQ},
           "bodyPatterns": [has("$.message")]},
  status=200, headers={"X-Quota-Warning": "90% of monthly query quota used"},
  body={"answer": "Your subscription renews on the 1st of each month.", "conversation_id": "conv_quota001", "message_id": "msg_quota001",
        "sources": [{"document_id": "doc_billing_faq", "title": "Billing FAQ", "excerpt": "Subscriptions renew automatically on the 1st of each month."}],
        "confidence": 0.88},
  notes="The document says a warning header is sent before rejection without naming it; X-Quota-Warning is the fixture's.",
  fixture="AgentApi quota warning",
  example=ex("POST", f"{B}/query", {"Authorization": "Bearer sk_live_quota_warning", "Content-Type": "application/json"},
             {"message": "When does my subscription renew?"}))
m(P, "error-400-missing-message", section="Core endpoints — POST /v1/query (message required)", priority=2,
  request={"method": "POST", "url": f"{B}/query", "bodyPatterns": [missing("$.message")]},
  status=400, body=err("invalid_request", "'message' is required."), fixture="AgentApi 400",
  example=ex("POST", f"{B}/query", G_HDR, {"conversation_id": "conv_abc123"}))
m(P, "error-401-missing-key", section="Authentication — bearer token on every request", priority=1,
  request={"method": "ANY", "urlPathPattern": "/agentapi/.*", "headers": {"Authorization": {"absent": True}}},
  status=401, body=err("invalid_api_key", "Missing or invalid API key."), fixture="AgentApi revoked or missing",
  example=ex("GET", f"{B}/usage"))
m(P, "error-401-revoked-key", section="Authentication — keys can be rotated and revoked", priority=1,
  request={"method": "ANY", "urlPathPattern": "/agentapi/.*", "headers": {"Authorization": {"equalTo": "Bearer sk_live_revoked"}}},
  status=401, body=err("invalid_api_key", "This API key has been revoked."), fixture="AgentApi revoked",
  example=ex("POST", f"{B}/query", {"Authorization": "Bearer sk_live_revoked", "Content-Type": "application/json"}, {"message": "When does my subscription renew?"}))
m(P, "error-403-insufficient-scope", section="Authentication — each key carries scopes (query, kb:read, kb:write, logs:read, actions)", priority=1,
  request={"method": "ANY", "urlPathPattern": f"{B}/(documents|conversations|gaps|actions)(/.*)?",
           "headers": {"Authorization": {"equalTo": "Bearer sk_live_query_only"}}},
  status=403, body=err("insufficient_scope", "This API key lacks the scope this endpoint requires."),
  fixture="AgentApi key with scope query only",
  example=ex("GET", f"{B}/documents", {"Authorization": "Bearer sk_live_query_only"}))
m(P, "error-429-rate-limited", section="Rate limits and quotas — per-minute rate limit: 429 with Retry-After", priority=1,
  request={"method": "ANY", "urlPathPattern": "/agentapi/.*", "headers": {"Authorization": {"equalTo": "Bearer sk_live_rate_limited"}}},
  status=429, headers={"Retry-After": "30"}, body=err("rate_limited", "Too many requests: retry after 30 seconds."),
  fixture="AgentApi rate limited",
  example=ex("POST", f"{B}/query", {"Authorization": "Bearer sk_live_rate_limited", "Content-Type": "application/json"}, {"message": "When does my subscription renew?"}))
m(P, "error-429-quota-exceeded", section="Rate limits and quotas — monthly quota caps total query volume", priority=1,
  request={"method": "POST", "url": f"{B}/query", "headers": {"Authorization": {"equalTo": "Bearer sk_live_quota_exhausted"}}},
  status=429, body=err("quota_exceeded", "Monthly query quota exhausted for your plan."),
  notes="A hard quota stop, not a rate limit: no Retry-After; the message says 'quota'.", fixture="AgentApi quota exhausted",
  example=ex("POST", f"{B}/query", {"Authorization": "Bearer sk_live_quota_exhausted", "Content-Type": "application/json"}, {"message": "When does my subscription renew?"}))
doc_item = {"id": "doc_billing_faq", "title": "Billing FAQ", "url": "https://example.com/help/billing", "status": "indexed",
            "metadata": {"category": "billing"}, "created_at": "2025-01-10T09:00:00Z", "updated_at": "2025-01-12T16:30:00Z"}
m(P, "documents-list", section="Core endpoints — knowledge base: list what is currently indexed",
  request={"method": "GET", "urlPath": f"{B}/documents", "headers": AG},
  status=200, body={"documents": [doc_item], "next_cursor": None}, notes="Shape: " + SHAPES + ".",
  example=ex("GET", f"{B}/documents", G_GET))
new_doc = {"title": "Refund policy", "content": "Refunds are available within 30 days of purchase.", "url": "https://example.com/help/refunds"}
m(P, "documents-create", section="Core endpoints — knowledge base: create; Rate limits and quotas — KB writes are queued, not rejected",
  request={"method": "POST", "url": f"{B}/documents", "headers": {**AG, **JSON_REQ}, "bodyPatterns": [has("$.title"), has("$.content")]},
  status=202, body={"job_id": "job_123", "document_id": "doc_refunds", "status": "queued"},
  notes="202 Accepted with a queued job. Shape: " + SHAPES + ".", example=ex("POST", f"{B}/documents", G_HDR, new_doc))
m(P, "documents-reindex", section="Core endpoints — knowledge base: trigger a re-index",
  request={"method": "POST", "url": f"{B}/documents/reindex", "headers": AG},
  status=202, body={"job_id": "job_reindex_1", "status": "queued"}, notes="Shape: " + SHAPES + ".",
  example=ex("POST", f"{B}/documents/reindex", G_HDR, {}))
m(P, "error-404-unknown-document", section="Core endpoints — knowledge base (unknown document)", priority=3,
  request={"method": "ANY", "urlPath": f"{B}/documents/doc_unknown", "headers": AG},
  status=404, body=err("not_found", "Document 'doc_unknown' not found."), fixture="AgentApi unknown document",
  example=ex("GET", f"{B}/documents/doc_unknown", G_GET))
m(P, "conversations-list", section="Core endpoints — conversations: list conversations",
  request={"method": "GET", "urlPath": f"{B}/conversations", "headers": AG},
  status=200, body={"conversations": [{"id": "conv_abc123", "started_at": "2025-01-15T10:30:00Z", "last_message_at": "2025-01-15T10:30:02Z",
                                       "message_count": 2, "escalated": False}], "next_cursor": None},
  notes="Shape: " + SHAPES + ".", example=ex("GET", f"{B}/conversations", G_GET))
m(P, "conversation", section="Core endpoints — conversations: fetch a specific conversation's full transcript",
  request={"method": "GET", "urlPath": f"{B}/conversations/conv_abc123", "headers": AG},
  status=200, body={"id": "conv_abc123", "messages": [
      {"role": "user", "content": "When does my subscription renew?", "timestamp": "2025-01-15T10:30:00Z"},
      {"role": "assistant", "content": "Your subscription renews on the 1st of each month. You can change the date under Billing → Subscription.",
       "timestamp": "2025-01-15T10:30:02Z"}]},
  notes="Shape: " + SHAPES + ".", fixture="AgentApi conversation conv_abc123", example=ex("GET", f"{B}/conversations/conv_abc123", G_GET))
m(P, "error-404-unknown-conversation", section="Core endpoints — conversations (unknown conversation)", priority=3,
  request={"method": "GET", "urlPath": f"{B}/conversations/conv_unknown", "headers": AG},
  status=404, body=err("not_found", "Conversation 'conv_unknown' not found."), fixture="AgentApi unknown conversation",
  example=ex("GET", f"{B}/conversations/conv_unknown", G_GET))
m(P, "gaps", section="Core endpoints — conversations: the gap log of questions the bot could not answer",
  request={"method": "GET", "urlPath": f"{B}/gaps", "headers": AG},
  status=200, body={"gaps": [{"question": "Can I pay with gold bars?", "conversation_id": "conv_gap001", "asked_at": "2025-01-16T08:12:00Z", "confidence": 0.18}]},
  notes="Shape: " + SHAPES + ".", example=ex("GET", f"{B}/gaps", G_GET))
m(P, "actions-list", section="Core endpoints — actions: inspect the connected-system actions (Shopify, Stripe, Calendly)",
  request={"method": "GET", "urlPath": f"{B}/actions", "headers": AG},
  status=200, body={"actions": [{"name": "shopify.order_status", "description": "Look up the status of an order", "provider": "shopify"},
                                {"name": "calendly.book_meeting", "description": "Book a meeting with the support team", "provider": "calendly"}]},
  notes="Shape: " + SHAPES + ".", example=ex("GET", f"{B}/actions", G_GET))
m(P, "usage", section="Rate limits and quotas — current consumption through a usage endpoint",
  request={"method": "GET", "urlPath": f"{B}/usage", "headers": AG},
  status=200, body={"plan": "growth", "period_start": "2025-01-01T00:00:00Z", "period_end": "2025-02-01T00:00:00Z", "queries_used": 1250,
                    "queries_limit": 10000, "documents_used": 42, "documents_limit": 500, "actions_used": 17, "actions_limit": 1000},
  notes="Shape: " + SHAPES + ".", example=ex("GET", f"{B}/usage", G_GET))


def main():
    for provider, mappings in ALL.items():
        folder = os.path.join(ROOT, provider, "mappings")
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        for slug, mapping in mappings:
            with open(os.path.join(folder, slug + ".json"), "w", encoding="utf-8", newline="\n") as f:
                json.dump(mapping, f, ensure_ascii=False, indent=2)
                f.write("\n")
        print(f"{provider}: {len(mappings)} mappings")


if __name__ == "__main__":
    main()
