-- callback-attempt-end: the attempt in progress ended: booked again for a retry, or completed.
-- KEYS[1] callback hash   KEYS[2] the number's open callback   KEYS[3] open callbacks zset   KEYS[4] events
-- ARGV[1] id   ARGV[2] outcome   ARGV[3] retry at (ms or '')   ARGV[4] final ('' when retried)   ARGV[5] now (ISO)
-- Returns 1, or false if no attempt was in progress.
local cb = redis.call('HMGET', KEYS[1], 'status', 'attempt', 'originCallId')
if cb[1] ~= 'active' then
  return false
end
local data = { callback = ARGV[1], attempt = tonumber(cb[2]), outcome = ARGV[2] }
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[1], 'status', 'booked', 'dueAt', ARGV[3], 'lastOutcome', ARGV[2])
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
  data.retryAt = tonumber(ARGV[3])
else
  redis.call('HSET', KEYS[1], 'status', 'completed', 'final', ARGV[4], 'lastOutcome', ARGV[2])
  if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], 3456000000)
  data.final = ARGV[4]
end
redis.call('XADD', KEYS[4], '*', 'type', 'callback.attempt_ended', 'callId', cb[3], 'at', ARGV[5], 'data', cjson.encode(data))
return 1
