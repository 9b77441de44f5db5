-- wrk script: a sustained mixed IdP workload on /scim/v2 with a SCIM token (env TOKEN), over the
-- users and groups bench/scim-setup.mjs seeded (env IDS_DIR): 60% lookups by userName (what Okta
-- and Entra do before every write), 20% user PATCHes (replace displayName / active), 20% group
-- member PATCHes (add or remove one member, Okta/Entra style). Counts non-2xx answers.
local PATCH = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":['
local users, groups = {}, {}
failures = 0 -- global: done() reads each thread's count through thread:get
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if #line > 0 then out[#out + 1] = line end
  end
  return out
end

function init(args)
  local dir = os.getenv("IDS_DIR")
  users = lines(dir .. "/user-ids.txt")
  groups = lines(dir .. "/group-ids.txt")
  math.randomseed(os.time() * 100 + (id or 0))
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  wrk.headers["Content-Type"] = "application/scim+json"
end

function request()
  local r = math.random(100)
  local n = math.random(#users)
  if r <= 60 then
    return wrk.format("GET", "/scim/v2/Users?filter=userName%20eq%20%22bench-" .. (n - 1)
      .. "%40bench.example%22&startIndex=1&count=100")
  elseif r <= 80 then
    local op
    if math.random(2) == 1 then
      op = '{"op":"replace","path":"displayName","value":"Bench ' .. math.random(1000000) .. '"}'
    else
      op = '{"op":"replace","value":{"active":' .. (math.random(2) == 1 and "true" or "false") .. '}}'
    end
    return wrk.format("PATCH", "/scim/v2/Users/" .. users[n], nil, PATCH .. op .. "]}")
  else
    local g = groups[math.random(#groups)]
    local op
    if math.random(2) == 1 then
      op = '{"op":"add","path":"members","value":[{"value":"' .. users[n] .. '"}]}'
    else
      op = '{"op":"remove","path":"members[value eq \\"' .. users[n] .. '\\"]"}'
    end
    return wrk.format("PATCH", "/scim/v2/Groups/" .. g, nil, PATCH .. op .. "]}")
  end
end

function response(status, headers, body)
  if status >= 300 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failures = 0
  for _, t in ipairs(threads) do
    failures = failures + (t:get("failures") or 0)
  end
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, failures))
end
