-- Reconciliation with the ledger: raise each window to at least the ledger's sum, never lower it.
-- KEYS: windows; ARGV: per window: sum (integer nano-USD), ttlMillis (0 = keep forever)
for i = 1, #KEYS do
  local v = tonumber(ARGV[2 * i - 1])
  if v > tonumber(redis.call('GET', KEYS[i]) or '0') then
    local ttl = tonumber(ARGV[2 * i])
    if ttl > 0 then
      redis.call('SET', KEYS[i], ARGV[2 * i - 1], 'PX', ttl)
    else
      redis.call('SET', KEYS[i], ARGV[2 * i - 1])
    end
  end
end
return 0
