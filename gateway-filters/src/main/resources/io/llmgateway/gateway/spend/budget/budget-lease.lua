-- Budget admission for one instance: grow its lease on each account it lacks allowance for, atomic over all of the
-- request's limits on those accounts. Amounts are integer nano-USD.
-- KEYS: the spend key of each limit (nl), then per account: held counter, lease expiry set, lease amounts (3 * nh)
-- ARGV: nl, nh, leaseId, leaseMillis, then per limit: max, account index (1-based), then per account: needed, chunk
-- A limit passes while spent + held < max (held counts every instance's lease, ours included). When all pass, each
-- account's lease grows by needed plus up to chunk more, but by at most half of what is left under its tightest
-- limit, so instances near a limit share what remains. needed = 0 only checks.
-- Returns {1, delta per account} when admitted, or {0, limit index, spent, held}.
local nl = tonumber(ARGV[1])
local nh = tonumber(ARGV[2])
local lease = ARGV[3]
local ttl = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local held = {}
local room = {}
for j = 1, nh do
  local hk = KEYS[nl + 3 * j - 2]
  local ek = KEYS[nl + 3 * j - 1]
  local ak = KEYS[nl + 3 * j]
  -- leases of instances that died without giving them back
  local stale = redis.call('ZRANGEBYSCORE', ek, '-inf', now)
  for _, id in ipairs(stale) do
    local amount = tonumber(redis.call('HGET', ak, id) or '0')
    redis.call('HDEL', ak, id)
    if amount > 0 and redis.call('DECRBY', hk, amount) <= 0 then
      redis.call('DEL', hk)
    end
  end
  if #stale > 0 then
    redis.call('ZREMRANGEBYSCORE', ek, '-inf', now)
  end
  held[j] = tonumber(redis.call('GET', hk) or '0')
  room[j] = nil
end
for i = 1, nl do
  local spent = tonumber(redis.call('GET', KEYS[i]) or '0')
  local j = tonumber(ARGV[4 + 2 * i])
  local left = tonumber(ARGV[3 + 2 * i]) - spent - held[j]
  if left <= 0 then
    return {0, i, spent, held[j]}
  end
  if room[j] == nil or left < room[j] then
    room[j] = left
  end
end
local out = {1}
for j = 1, nh do
  local needed = tonumber(ARGV[4 + 2 * nl + 2 * j - 1])
  local chunk = tonumber(ARGV[4 + 2 * nl + 2 * j])
  local delta = 0
  if needed > 0 then
    local extra = math.floor(((room[j] or 0) - needed) / 2)
    if extra < 0 then
      extra = 0
    end
    if extra > chunk then
      extra = chunk
    end
    delta = needed + extra
    local hk = KEYS[nl + 3 * j - 2]
    local ek = KEYS[nl + 3 * j - 1]
    local ak = KEYS[nl + 3 * j]
    redis.call('INCRBY', hk, delta)
    redis.call('HINCRBY', ak, lease, delta)
    redis.call('ZADD', ek, now + ttl, lease)
    redis.call('PEXPIRE', hk, ttl)
    redis.call('PEXPIRE', ek, ttl)
    redis.call('PEXPIRE', ak, ttl)
  end
  out[j + 1] = delta
end
return out
