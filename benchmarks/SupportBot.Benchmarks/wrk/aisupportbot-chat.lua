-- wrk script: POST the AISupportBot chat request of the provider's document to the mock server.
-- Usage: wrk -t2 -c8 -d8s -s aisupportbot-chat.lua http://127.0.0.1:PORT/aisupportbot/api/chat
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = "ask_your_api_key"
wrk.body = '{"assistantId":"clz1abc...","message":"How do I reset my password?"}'

-- Machine-readable summary (latencies in microseconds), parsed by `SupportBot.Benchmarks --load`.
function done(summary, latency, requests)
  io.write(string.format("WRK_RESULT requests=%d duration_us=%d errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d p50=%d p95=%d p99=%d max=%d mean=%.1f\n",
    summary.requests, summary.duration,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
