-- wrk script for scripts/bench: the badge files of registered attendees,
-- GET /m/{token}/badge.png then GET /m/{token}/badge.pdf for each token in
-- turn, cycling through the file named by the BENCH_MANAGE_TOKENS environment
-- variable (one manage token per line). Run with one thread and one
-- connection, every badge is rendered while no other is: one core's work.
-- done() prints lines the bench script reads:
--   status <code> <count>
--   badges <complete badges: the smaller of the counts of 200 answers to badge.png and to badge.pdf>
--   badges_per_sec <the same, per second of the run>
--   png_bytes_avg <mean size of the 200 answers to badge.png>
--   pdf_bytes_avg <mean size of the 200 answers to badge.pdf>

local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
local threads = {}
setup = common.track(threads)

function init(args)
  tokens = common.read_lines(os.getenv("BENCH_MANAGE_TOKENS"), "token")
  position = 0
  statuses = {}
  png_ok, png_bytes, pdf_ok, pdf_bytes = 0, 0, 0, 0
end

function request()
  position = position + 1
  local index = math.floor((position - 1) / 2) % #tokens + 1
  local kind = (position % 2 == 1) and "png" or "pdf"
  return wrk.format("GET", "/m/" .. tokens[index] .. "/badge." .. kind)
end

-- The answer's type tells which file it is (wrk may build a request it never sends).
function response(status, headers, body)
  common.count(statuses, status)
  if status ~= 200 then return end
  local content_type = headers["Content-Type"] or headers["content-type"] or ""
  if content_type:find("image/png", 1, true) then
    png_ok, png_bytes = png_ok + 1, png_bytes + #body
  elseif content_type:find("application/pdf", 1, true) then
    pdf_ok, pdf_bytes = pdf_ok + 1, pdf_bytes + #body
  end
end

function done(summary, latency, requests)
  local totals, codes = common.totals(threads, "statuses")
  common.write_counts("status", totals, codes)
  local png, png_size, pdf, pdf_size = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    png = png + thread:get("png_ok")
    png_size = png_size + thread:get("png_bytes")
    pdf = pdf + thread:get("pdf_ok")
    pdf_size = pdf_size + thread:get("pdf_bytes")
  end
  local badges = math.min(png, pdf)
  io.write(string.format("badges %d\n", badges))
  io.write(string.format("badges_per_sec %.2f\n", badges / (summary.duration / 1e6)))
  io.write(string.format("png_bytes_avg %.0f\n", png > 0 and png_size / png or 0))
  io.write(string.format("pdf_bytes_avg %.0f\n", pdf > 0 and pdf_size / pdf or 0))
end
