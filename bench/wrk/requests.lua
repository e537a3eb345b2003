-- Sends the requests a file lists (WRK_REQUESTS), one per line, in turn: METHOD, a tab, the
-- path, a tab and the JSON body (or nothing). Writes need a new body each time (a review
-- is one per author, job, term and year), which wrk's one fixed request cannot give.
-- The figures are printed by report.lua's `done`, as for every other run.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "report.lua")

local listed = {}
for line in io.lines(os.getenv("WRK_REQUESTS")) do
  local method, path, body = line:match("^(%u+)\t([^\t]+)\t?(.*)$")
  listed[#listed + 1] = { method = method, path = path, body = body ~= "" and body or nil }
end
local next_one = 0

request = function()
  next_one = next_one % #listed + 1
  local chosen = listed[next_one]
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["Content-Type"] = "application/json"
  return wrk.format(chosen.method, chosen.path, headers, chosen.body)
end
