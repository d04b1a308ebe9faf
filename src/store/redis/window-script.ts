/**
 * The Lua script that applies one window op atomically on the server, with the same rules as
 * window.ts `applyWindow` (evaluated by recounting each touched window end).
 */
export const WINDOW_SCRIPT = `-- One threshold group's window, applied atomically on the server: the same rules as
-- src/store/window.ts (see applyWindow there). KEYS[1] = the group's key.
-- ARGV: spec JSON {a: aggregate, o: op, b: bound, w: windowMs, m: maxEntries, i: maxInvolved, d: decisive},
--       watermarkMs, entries JSON [[timeMs, value, key|false, ref]...] in time order, ttlMs, peek (1/0).
-- State: {e = entries, p = lastPassMs}. Returns the firings as JSON [[atMs, value, [ref...]]...].
local spec = cjson.decode(ARGV[1])
local watermark = tonumber(ARGV[2])
local added = cjson.decode(ARGV[3])
local ttl = tonumber(ARGV[4])
local peek = ARGV[5] == '1'
local raw = redis.call('GET', KEYS[1])
local state = raw and cjson.decode(raw) or { e = {}, p = false }
local entries = state.e
local lastPass = state.p
if peek or lastPass == false then lastPass = -math.huge end
local width = spec.w

-- Merge: a new entry goes after every entry with time <= its time (arrival order on ties).
local merged, i, j = {}, 1, 1
while i <= #entries or j <= #added do
  if j > #added or (i <= #entries and entries[i][1] <= added[j][1]) then
    merged[#merged + 1] = entries[i]; i = i + 1
  else
    merged[#merged + 1] = added[j]; j = j + 1
  end
end
entries = merged

-- Trim what no later window can hold, then the cap (oldest first).
local dead = 0
while dead < #entries and entries[dead + 1][1] <= watermark - width do dead = dead + 1 end
local evicted = math.max(0, #entries - dead - spec.m)
local drop = dead + evicted
if drop > 0 then
  local kept = {}
  for k = drop + 1, #entries do kept[#kept + 1] = entries[k] end
  entries = kept
end

local function passes(v)
  local o, b = spec.o, spec.b
  if o == '>' then return v > b elseif o == '>=' then return v >= b elseif o == '<' then return v < b
  elseif o == '<=' then return v <= b elseif o == '==' then return v == b else return v ~= b end
end

-- Every entry time T with a new entry in (T - window, T] is a window end to decide.
local firings = {}
if #added > 0 then
  local firstNew = added[1][1]
  for k = 2, #added do if added[k][1] < firstNew then firstNew = added[k][1] end end
  for endIndex = 1, #entries do
    local t = entries[endIndex][1]
    local last = endIndex == #entries or entries[endIndex + 1][1] ~= t
    local touched = false
    if last and t >= firstNew then
      for k = 1, #added do
        if added[k][1] <= t and added[k][1] > t - width then touched = true; break end
      end
    end
    if touched then
      local lo = endIndex
      while lo > 1 and entries[lo - 1][1] > t - width do lo = lo - 1 end
      local value
      if spec.a == 'count' then value = endIndex - lo + 1
      elseif spec.a == 'sum' then value = 0; for k = lo, endIndex do value = value + entries[k][2] end
      else
        local seen, n = {}, 0
        for k = lo, endIndex do
          local key = entries[k][3]
          if key and not seen[key] then seen[key] = true; n = n + 1 end
        end
        value = n
      end
      if passes(value) then
        if t - lastPass >= width then
          local refs = {}
          for k = math.max(lo, endIndex - spec.i + 1), endIndex do refs[#refs + 1] = entries[k][4] end
          firings[#firings + 1] = { t, value, refs }
        end
        if t > lastPass then lastPass = t end
      end
    end
  end
end

if not peek then
  -- A count decided by its newest entries keeps only those (WindowSpec.decisive).
  if spec.d and #entries > spec.d then
    local kept = {}
    for k = #entries - spec.d + 1, #entries do kept[#kept + 1] = entries[k] end
    entries = kept
  end
  if #entries == 0 and watermark - lastPass >= width then
    redis.call('DEL', KEYS[1])
  else
    local stored = false
    if lastPass ~= -math.huge then stored = lastPass end
    redis.call('SET', KEYS[1], cjson.encode({ e = entries, p = stored }), 'PX', ttl)
  end
end
return { cjson.encode(firings), evicted }
`;
