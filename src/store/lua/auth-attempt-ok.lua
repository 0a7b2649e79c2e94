-- auth-attempt-ok: the PIN was right. The attempt it took is given back to the agent's and the
-- source's counts, and the agent's wrong attempts from this source are forgotten.
-- KEYS[1] the agent's attempts (hash)   KEYS[2] the source's attempts (counter)
-- ARGV[1] source
-- Returns 1.
local pair = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if pair > 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
  local total = tonumber(redis.call('HGET', KEYS[1], '*') or '0')
  if total > 0 then redis.call('HINCRBY', KEYS[1], '*', -1) end
end
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 1
