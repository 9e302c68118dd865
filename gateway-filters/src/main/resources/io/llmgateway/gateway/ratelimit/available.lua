-- Units available now in each bucket, without changing any. KEYS: buckets. ARGV: cap/period per bucket.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for i = 1, #KEYS do
  local cap = tonumber(ARGV[2 * i - 1])
  local period = tonumber(ARGV[2 * i])
  local st = redis.call('HMGET', KEYS[i], 't', 'ts')
  local tokens = cap
  if st[1] then
    tokens = tonumber(st[1]) + math.max(0, now - tonumber(st[2])) * cap / period
    if tokens > cap then tokens = cap end
  end
  out[i] = math.floor(tokens)
end
return out
