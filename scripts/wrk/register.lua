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

function request()
  counter = counter + 1
  local body = string.format(body_format, thread_id, counter, math.random(0, 0x7fffffff))
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
