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

local threads = {}

-- wrk runs each thread's init() right after its setup(), before the next
-- thread exists: the count is handed to every thread as it grows, and read
-- at the first request.
function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
  for _, t in ipairs(threads) do t:set("thread_count", #threads) end
end

function init(args)
  tickets = {}
  local path = os.getenv("BENCH_TICKETS")
  local file = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  for line in file:lines() do
    if #line > 0 then table.insert(tickets, line) end
  end
  file:close()
  assert(#tickets > 0, path .. " holds no ticket")
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
  statuses[status] = (statuses[status] or 0) + 1
  local result = body:match('"result"%s*:%s*"([%w_]+)"') or "unreadable"
  results[result] = (results[result] or 0) + 1
end

local function sum(field)
  local totals = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get(field)) do
      totals[key] = (totals[key] or 0) + count
    end
  end
  local keys = {}
  for key in pairs(totals) do table.insert(keys, key) end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  return totals, keys
end

function done(summary, latency, requests)
  local statuses_total, codes = sum("statuses")
  for _, code in ipairs(codes) do
    io.write(string.format("status %d %d\n", code, statuses_total[code]))
  end
  local results_total, names = sum("results")
  for _, name in ipairs(names) do
    io.write(string.format("result %s %d\n", name, results_total[name]))
  end
  local verified = (results_total["ok"] or 0) + (results_total["already_checked_in"] or 0)
  io.write(string.format("verified_per_sec %.1f\n", verified / (summary.duration / 1e6)))
end
