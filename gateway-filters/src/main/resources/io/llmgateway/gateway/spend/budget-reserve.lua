-- Budget admission, atomic over all of a request's limits. Amounts are integer nano-USD.
-- KEYS: the spend key of each limit (nl), then per holder account: its held counter and its lease set (nh pairs)
-- ARGV: nl, nh, amount, member, leaseMillis, then per limit: max, holder index (1-based)
-- Returns {1} when admitted (and holds amount on every holder), or {0, limit index, spent, held}.
local nl = tonumber(ARGV[1])
local nh = tonumber(ARGV[2])
local amount = tonumber(ARGV[3])
local member = ARGV[4]
local lease = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local held = {}
for j = 1, nh do
  local hk = KEYS[nl + 2 * j - 1]
  local lk = KEYS[nl + 2 * j]
  -- leases of instances that died without settling
  local stale = redis.call('ZRANGEBYSCORE', lk, '-inf', now)
  if #stale > 0 then
    local sum = 0
    for _, m in ipairs(stale) do
      sum = sum + tonumber(string.match(m, '|(%d+)$') or '0')
    end
    redis.call('ZREMRANGEBYSCORE', lk, '-inf', now)
    if redis.call('DECRBY', hk, sum) <= 0 then
      redis.call('DEL', hk)
    end
  end
  held[j] = tonumber(redis.call('GET', hk) or '0')
end
for i = 1, nl do
  local spent = tonumber(redis.call('GET', KEYS[i]) or '0')
  local h = held[tonumber(ARGV[5 + 2 * i])]
  if spent + h >= tonumber(ARGV[4 + 2 * i]) then
    return {0, i, spent, h}
  end
end
if amount > 0 then
  for j = 1, nh do
    local hk = KEYS[nl + 2 * j - 1]
    local lk = KEYS[nl + 2 * j]
    redis.call('INCRBY', hk, amount)
    redis.call('ZADD', lk, now + lease, member)
    redis.call('PEXPIRE', hk, lease)
    redis.call('PEXPIRE', lk, lease)
  end
end
return {1}
