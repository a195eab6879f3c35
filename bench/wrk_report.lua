-- bench/pages.py's report from wrk: one line, "wrk <requests> <duration µs> <errors> <p50 µs> <p95 µs>".
-- An answer other than 200 is an error, as a connection, read, write or timeout error is.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  for _, thread in ipairs(threads) do
    errors = errors + thread:get("not_ok")
  end
  io.write(string.format("wrk %d %d %d %d %d\n", summary.requests, summary.duration, errors,
    latency:percentile(50), latency:percentile(95)))
end
