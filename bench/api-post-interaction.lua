-- wrk script for bench/api.sh: POST /api/v1/interactions, a logged call
-- with its agreed next step (R1), spread over the open deals listed in
-- BENCH_DEAL_IDS so that writers do not all queue on one deal's row lock.
-- BENCH_DUE is the next step's due date; BENCH_OFFSET shifts where this wrk
-- process starts in the list (two processes drive two nodes).
local ids = {}
for id in string.gmatch(os.getenv("BENCH_DEAL_IDS") or "", "%d+") do
  ids[#ids + 1] = id
end
if #ids == 0 then
  error("BENCH_DEAL_IDS names no deal")
end
local due = os.getenv("BENCH_DUE") or "2099-01-01"
local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")

-- wrk.format() takes these with the Authorization header given by -H
wrk.headers["Content-Type"] = "application/json"

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local n = 0
function init(args)
  n = offset * 7919 + (tid or 0) * 104729
end

function request()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  local body = string.format(
    '{"kind":"call","deal_id":%s,"notes":"benchmark call %d",' ..
    '"agreement":true,"next_step":{"what":"follow up","due":"%s"}}',
    id, n, due)
  return wrk.format("POST", "/api/v1/interactions", nil, body)
end
