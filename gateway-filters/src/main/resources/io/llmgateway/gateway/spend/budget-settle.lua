-- Budget settlement: release a request's hold, add its cost to every window, report threshold crossings once.
-- Amounts are integer nano-USD.
-- KEYS: per holder account its held counter and lease set (nh pairs), then the windows (nw), then one fired key per
--       watch (na)
-- ARGV: nh, member, amount, cost, nw, na, then per window: ttlMillis (0 = keep forever), then per watch: window index
--       (1-based), threshold, firedTtlMillis (0 = forever)
-- Returns per watch: the window's spend, 1 when this call is the first to see it reach the threshold (else 0).
local nh = tonumber(ARGV[1])
local member = ARGV[2]
local amount = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local nw = tonumber(ARGV[5])
local na = tonumber(ARGV[6])
for j = 1, nh do
  local hk = KEYS[2 * j - 1]
  local lk = KEYS[2 * j]
  if redis.call('ZREM', lk, member) == 1 then
    if redis.call('DECRBY', hk, amount) <= 0 then
      redis.call('DEL', hk)
    end
  end
end
local values = {}
for w = 1, nw do
  local k = KEYS[2 * nh + w]
  if cost > 0 then
    values[w] = redis.call('INCRBY', k, ARGV[4])
    local ttl = tonumber(ARGV[6 + w])
    if ttl > 0 then
      redis.call('PEXPIRE', k, ttl)
    end
  else
    values[w] = tonumber(redis.call('GET', k) or '0')
  end
end
local out = {}
for a = 1, na do
  local base = 6 + nw + 3 * (a - 1)
  local v = values[tonumber(ARGV[base + 1])]
  local fired = 0
  if v >= tonumber(ARGV[base + 2]) then
    local fk = KEYS[2 * nh + nw + a]
    local ok
    if tonumber(ARGV[base + 3]) > 0 then
      ok = redis.call('SET', fk, '1', 'NX', 'PX', ARGV[base + 3])
    else
      ok = redis.call('SET', fk, '1', 'NX')
    end
    if ok then
      fired = 1
    end
  end
  out[2 * a - 1] = v
  out[2 * a] = fired
end
return out
