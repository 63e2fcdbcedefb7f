-- wrk script for scripts/bench: POST /api/checkin with genuine, distinct
-- tickets, as door scanners send them. Reads the tickets from the file named
-- by BENCH_TICKETS (one per line) and the API token from BENCH_TOKEN; every
-- thread starts at its own place in the file and cycles through it, so the
-- first scan of a ticket answers "ok" and a later one "already_checked_in":
-- both recognise the badge and look the registration up.
-- done() prints lines the bench script reads:
--   status <code> <count>
--   result <result> <count>       (from the JSON answers)
--   verified_per_sec <answers with a result of ok or already_checked_in per second>

wrk.method = "POST"
wrk.path = "/api/checkin"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN is not set")

local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
local threads = {}
setup = common.track(threads)

function init(args)
  tickets = common.read_lines(os.getenv("BENCH_TICKETS"), "ticket")
  position = nil
  statuses = {}
  results = {}
end

function request()
  -- The threads share the file; each begins at its own fraction of it.
  position = (position or math.floor(#tickets * thread_id / thread_count)) % #tickets + 1
  return wrk.format(nil, nil, nil, '{"ticket":"' .. tickets[position] .. '","door":"bench"}')
end

function response(status, headers, body)
  common.count(statuses, status)
  common.count(results, body:match('"result"%s*:%s*"([%w_]+)"') or "unreadable")
end

function done(summary, latency, requests)
  local statuses_total, codes = common.totals(threads, "statuses")
  common.write_counts("status", statuses_total, codes)
  local results_total, names = common.totals(threads, "results")
  common.write_counts("result", results_total, names)
  local verified = (results_total["ok"] or 0) + (results_total["already_checked_in"] or 0)
  io.write(string.format("verified_per_sec %.1f\n", verified / (summary.duration / 1e6)))
end
