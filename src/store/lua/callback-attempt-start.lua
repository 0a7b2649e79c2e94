-- callback-attempt-start: compare-and-set from booked (with attempt − 1 attempts made) to active.
-- KEYS[1] callback hash   KEYS[2] events
-- ARGV[1] attempt number   ARGV[2] engine   ARGV[3] now (ISO)
-- Returns 1, or false if the callback is not booked or another engine started this attempt.
local cb = redis.call('HMGET', KEYS[1], 'status', 'attempt', 'id', 'originCallId')
if cb[1] ~= 'booked' or tonumber(cb[2]) ~= tonumber(ARGV[1]) - 1 then
  return false
end
redis.call('HSET', KEYS[1], 'status', 'active', 'attempt', ARGV[1], 'engine', ARGV[2])
redis.call('XADD', KEYS[2], '*', 'type', 'callback.attempt_started', 'callId', cb[4], 'at', ARGV[3],
  'data', cjson.encode({ callback = cb[3], attempt = tonumber(ARGV[1]), engine = ARGV[2] }))
return 1
