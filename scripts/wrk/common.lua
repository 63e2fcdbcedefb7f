-- What the wrk scripts of scripts/bench share. Each script loads it with
--   local common = dofile(<this folder> .. "common.lua")
-- and gets:
--   common.track(threads)           a setup() that numbers the threads and keeps them
--   common.read_lines(path, what)   the non-empty lines of a file
--   common.count(counts, key)       one more for key in a table of counts
--   common.totals(threads, name)    a count table summed over the threads, and its sorted keys
--   common.write_counts(label, totals, keys)   one "<label> <key> <count>" line per key

local common = {}

-- thread_id (from 0) and thread_count are set in every thread, before its first request.
function common.track(threads)
  return function(thread)
    thread:set("thread_id", #threads)
    table.insert(threads, thread)
    for _, t in ipairs(threads) do t:set("thread_count", #threads) end
  end
end

function common.read_lines(path, what)
  local lines = {}
  local file = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  for line in file:lines() do
    if #line > 0 then table.insert(lines, line) end
  end
  file:close()
  assert(#lines > 0, path .. " holds no " .. what)
  return lines
end

function common.count(counts, key)
  counts[key] = (counts[key] or 0) + 1
end

function common.totals(threads, name)
  local totals, keys = {}, {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get(name)) do totals[key] = (totals[key] or 0) + n end
  end
  for key in pairs(totals) do table.insert(keys, key) end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  return totals, keys
end

function common.write_counts(label, totals, keys)
  for _, key in ipairs(keys) do
    io.write(string.format("%s %s %d\n", label, tostring(key), totals[key]))
  end
end

return common
