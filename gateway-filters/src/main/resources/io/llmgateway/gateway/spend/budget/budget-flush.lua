-- Settlement of a batch of an instance's requests: shrink its leases by the estimates of the requests that ended (and
-- by allowance it gives back), add their costs to every window, report threshold crossings once cluster-wide.
-- Amounts are integer nano-USD.
-- KEYS: per account: held counter, lease expiry set, lease amounts (3 * nh), then the windows (nw), then one fired key
--       per watch (na)
-- ARGV: nh, nw, na, leaseId, leaseMillis, then per account: release; per window: cost, ttlMillis (0 = forever); per
--       watch: window index (1-based), threshold, firedTtlMillis (0 = forever)
-- Returns per account the amount actually released (less when the lease had expired), then per watch: the window's
-- spend and 1 when this call is the first to see it reach the threshold (else 0).
local nh = tonumber(ARGV[1])
local nw = tonumber(ARGV[2])
local na = tonumber(ARGV[3])
local lease = ARGV[4]
local ttl = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for j = 1, nh do
  local hk = KEYS[3 * j - 2]
  local ek = KEYS[3 * j - 1]
  local ak = KEYS[3 * j]
  local release = tonumber(ARGV[5 + j])
  local mine = tonumber(redis.call('HGET', ak, lease) or '0')
  if release > mine then
    release = mine
  end
  if release > 0 then
    if redis.call('DECRBY', hk, release) <= 0 then
      redis.call('DEL', hk)
    end
  end
  if mine - release > 0 then
    redis.call('HINCRBY', ak, lease, -release)
    redis.call('ZADD', ek, now + ttl, lease)
    redis.call('PEXPIRE', hk, ttl)
    redis.call('PEXPIRE', ek, ttl)
    redis.call('PEXPIRE', ak, ttl)
  elseif mine > 0 then
    redis.call('HDEL', ak, lease)
    redis.call('ZREM', ek, lease)
  end
  out[j] = release
end
local values = {}
for w = 1, nw do
  local k = KEYS[3 * nh + w]
  local cost = tonumber(ARGV[5 + nh + 2 * w - 1])
  if cost > 0 then
    values[w] = redis.call('INCRBY', k, cost)
    local wttl = tonumber(ARGV[5 + nh + 2 * w])
    if wttl > 0 then
      redis.call('PEXPIRE', k, wttl)
    end
  else
    values[w] = tonumber(redis.call('GET', k) or '0')
  end
end
for a = 1, na do
  local base = 5 + nh + 2 * nw + 3 * (a - 1)
  local v = values[tonumber(ARGV[base + 1])]
  local fired = 0
  if v >= tonumber(ARGV[base + 2]) then
    local fk = KEYS[3 * nh + nw + a]
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
  out[nh + 2 * a - 1] = v
  out[nh + 2 * a] = fired
end
return out
