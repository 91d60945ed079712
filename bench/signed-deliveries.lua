-- wrk script for bench/webhooks.sh: POSTs real fixture payloads, each signed like GitHub does
-- (X-Hub-Signature-256 precomputed over the exact bytes), round-robin, each request with a new
-- X-GitHub-Delivery id. Arguments: <manifest> <run-name>; manifest lines: event TAB sha256-hex TAB file.
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

local requests = {}
local counter = 0
local run = "run"

function init(args)
  local manifest = args[1]
  run = args[2] or run
  local base = {}
  for line in io.lines(manifest) do
    local event, sig, file = line:match("^(%S+)\t(%x+)\t(.+)$")
    local f = assert(io.open(file, "rb"))
    local body = f:read("*a")
    f:close()
    table.insert(base, { event = event, sig = "sha256=" .. sig, body = body })
  end
  requests = base
  counter = 0
end

function request()
  counter = counter + 1
  local r = requests[(counter % #requests) + 1]
  local headers = {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "GitHub-Hookshot/bench",
    ["X-GitHub-Event"] = r.event,
    ["X-GitHub-Delivery"] = string.format("%s-%d-%d", run, tid, counter),
    ["X-Hub-Signature-256"] = r.sig,
  }
  return wrk.format("POST", "/webhooks", headers, r.body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
