-- Settles reservations (one round trip): charges (delta > 0, the bucket may go negative) or refunds (delta < 0,
-- capped at capacity) each bucket, then frees one slot of each concurrency key.
-- KEYS: buckets (nb), then slots. ARGV: nb, then cap/period/delta per bucket.
if redis.replicate_commands then pcall(redis.replicate_commands) end
local nb = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, nb do
  local cap = tonumber(ARGV[3 * i - 1])
  local period = tonumber(ARGV[3 * i])
  local delta = tonumber(ARGV[3 * i + 1])
  if delta ~= 0 then
    local st = redis.call('HMGET', KEYS[i], 't', 'ts')
    local tokens = cap
    if st[1] then
      tokens = tonumber(st[1]) + math.max(0, now - tonumber(st[2])) * cap / period
      if tokens > cap then tokens = cap end
    end
    tokens = tokens - delta
    if tokens >= cap then
      redis.call('DEL', KEYS[i])
    else
      redis.call('HSET', KEYS[i], 't', tostring(tokens), 'ts', tostring(now))
      redis.call('PEXPIRE', KEYS[i], math.ceil((cap - tokens) * period / cap) + 1000)
    end
  end
end
for j = nb + 1, #KEYS do
  local v = redis.call('DECR', KEYS[j])
  if v <= 0 then redis.call('DEL', KEYS[j]) end
end
return 1
