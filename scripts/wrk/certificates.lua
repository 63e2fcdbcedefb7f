-- wrk script for scripts/bench: GET /m/{token}/certificate.pdf for each token in turn of the
-- file named by BENCH_MANAGE_TOKENS (one per line, more than the run asks for: each
-- certificate is rendered, none comes from the server's cache). Run with one thread and one
-- connection, one certificate is rendered at a time. done() prints:
--   status <code> <count>
--   certificates <200 answers that are PDF files>
--   certificates_per_sec <the same, per second of the run>
--   pdf_bytes_avg <their mean size>

local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
local threads = {}
setup = common.track(threads)

function init(args)
  tokens = common.read_lines(os.getenv("BENCH_MANAGE_TOKENS"), "token")
  position = 0
  statuses = {}
  pdf_ok, pdf_bytes = 0, 0
end

function request()
  position = position + 1
  return wrk.format("GET", "/m/" .. tokens[(position - 1) % #tokens + 1] .. "/certificate.pdf")
end

function response(status, headers, body)
  common.count(statuses, status)
  local content_type = headers["Content-Type"] or headers["content-type"] or ""
  if status == 200 and content_type:find("application/pdf", 1, true) then
    pdf_ok, pdf_bytes = pdf_ok + 1, pdf_bytes + #body
  end
end

function done(summary, latency, requests)
  local totals, codes = common.totals(threads, "statuses")
  common.write_counts("status", totals, codes)
  local pdf, size = 0, 0
  for _, thread in ipairs(threads) do
    pdf = pdf + thread:get("pdf_ok")
    size = size + thread:get("pdf_bytes")
  end
  io.write(string.format("certificates %d\n", pdf))
  io.write(string.format("certificates_per_sec %.2f\n", pdf / (summary.duration / 1e6)))
  io.write(string.format("pdf_bytes_avg %.0f\n", pdf > 0 and size / pdf or 0))
end
