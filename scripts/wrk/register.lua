-- wrk script for scripts/bench: POST /api/registrations, one new attendee per
-- request. The email is unique per request: bench-<thread>-<counter>-<random>.
-- Every thread counts the HTTP statuses it receives; done() prints the totals
-- as lines the bench script reads:
--   status <code> <count>
--   created_per_sec <201 responses per second of the run>

wrk.method = "POST"
wrk.path = "/api/registrations"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"

local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
local threads = {}
setup = common.track(threads)

function init(args)
  counter = 0
  statuses = {}
  math.randomseed(os.time() * 1000 + thread_id)
end

-- BENCH_PARTNER, when set, registers everyone with that partner association.
local partner = os.getenv("BENCH_PARTNER")
local body_format = '{"first_name":"Bench","last_name":"Nom",'
  .. '"email":"bench-%d-%d-%08x@bench.invalid",'
  .. (partner and partner ~= "" and ('"partner":"' .. partner .. '",') or '')
  .. '"organisation":"Ville","role":"Agent","consent":true}'

-- BENCH_FORWARDED, when set, gives each request its own client address in X-Forwarded-For
-- (10.thread.x.y), as many people registering from their own machines behind a proxy.
local forwarded = os.getenv("BENCH_FORWARDED")

function request()
  counter = counter + 1
  local body = string.format(body_format, thread_id, counter, math.random(0, 0x7fffffff))
  if forwarded and forwarded ~= "" then
    local headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", thread_id % 256, math.floor(counter / 256) % 256, counter % 256)
    return wrk.format(nil, nil, headers, body)
  end
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  common.count(statuses, status)
end

function done(summary, latency, requests)
  local totals, codes = common.totals(threads, "statuses")
  common.write_counts("status", totals, codes)
  io.write(string.format("created_per_sec %.1f\n", (totals[201] or 0) / (summary.duration / 1e6)))
end
