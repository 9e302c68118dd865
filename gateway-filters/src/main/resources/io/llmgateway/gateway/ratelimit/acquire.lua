-- Atomic admission over every bucket, concurrency slot and alternative of one request (one round trip).
-- Buckets are hashes {t = tokens (may be negative after a post-hoc charge), ts = last update, ms of Redis TIME},
-- refilled greedily at cap/period per ms. A bucket key expires once it would be full again, so idle keys vanish.
-- KEYS: buckets (nb), then slots (ns), then probe buckets of the alternatives, in order.
-- ARGV: nb, ns, slot ttl ms, number of alternatives, then cap/period/cost per bucket, then limit per slot,
--       then per alternative: probe count, then cap/period/cost per probe.
-- Returns {1, remaining_1, reset_ms_1, ...} or {0, kind (1 bucket, 2 slot, 3 alternatives), index, wait_ms, available}.
if redis.replicate_commands then pcall(redis.replicate_commands) end
local nb = tonumber(ARGV[1])
local ns = tonumber(ARGV[2])
local slotTtl = tonumber(ARGV[3])
local na = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local function level(key, cap, period)
  local st = redis.call('HMGET', key, 't', 'ts')
  if not st[1] then return cap end
  local tokens = tonumber(st[1]) + math.max(0, now - tonumber(st[2])) * cap / period
  if tokens > cap then tokens = cap end
  return tokens
end

local function waitFor(tokens, cost, cap, period)
  if cost > cap then return period end
  return math.max(1, math.ceil((cost - tokens) * period / cap))
end

for j = 1, ns do
  local limit = tonumber(ARGV[4 + 3 * nb + j])
  local cur = tonumber(redis.call('GET', KEYS[nb + j]) or '0')
  if cur >= limit then return {0, 2, j - 1, 1000, cur} end
end

local argi = 4 + 3 * nb + ns
local keyi = nb + ns
if na > 0 then
  local best = -1
  for a = 1, na do
    local m = tonumber(ARGV[argi + 1])
    argi = argi + 1
    local wait = 0
    for p = 1, m do
      local cap = tonumber(ARGV[argi + 1])
      local period = tonumber(ARGV[argi + 2])
      local cost = tonumber(ARGV[argi + 3])
      argi = argi + 3
      keyi = keyi + 1
      local tokens = level(KEYS[keyi], cap, period)
      if cost > tokens then wait = math.max(wait, waitFor(tokens, cost, cap, period)) end
    end
    if wait == 0 then best = 0 elseif best ~= 0 and (best < 0 or wait < best) then best = wait end
  end
  if best ~= 0 then return {0, 3, 0, best, 0} end
end

local levels = {}
for i = 1, nb do
  local cap = tonumber(ARGV[2 + 3 * i])
  local period = tonumber(ARGV[3 + 3 * i])
  local cost = tonumber(ARGV[4 + 3 * i])
  local tokens = level(KEYS[i], cap, period)
  if cost > tokens then return {0, 1, i - 1, waitFor(tokens, cost, cap, period), math.max(0, math.floor(tokens))} end
  levels[i] = tokens
end

local out = {1}
for i = 1, nb do
  local cap = tonumber(ARGV[2 + 3 * i])
  local period = tonumber(ARGV[3 + 3 * i])
  local cost = tonumber(ARGV[4 + 3 * i])
  local left = levels[i] - cost
  local reset = math.ceil((cap - left) * period / cap)
  if cost > 0 then
    redis.call('HSET', KEYS[i], 't', tostring(left), 'ts', tostring(now))
    redis.call('PEXPIRE', KEYS[i], reset + 1000)
  end
  out[#out + 1] = math.floor(left)
  out[#out + 1] = reset
end
for j = 1, ns do
  redis.call('INCR', KEYS[nb + j])
  redis.call('PEXPIRE', KEYS[nb + j], slotTtl)
end
return out
