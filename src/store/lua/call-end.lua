-- call-end: removes a live call and logs call.ended, atomically. Idempotent: ending a call
-- twice logs once.
-- KEYS[1] call hash   KEYS[2] active-calls set   KEYS[3] events stream   KEYS[4] call-by-channel index
-- ARGV[1] call id   ARGV[2] event time (ISO 8601)   ARGV[3] event data (JSON)
-- Returns the event's stream id, or false if the call was not registered.
local removed = redis.call('SREM', KEYS[2], ARGV[1])
local existed = redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[4]) == ARGV[1] then
  redis.call('DEL', KEYS[4])
end
if removed == 0 and existed == 0 then
  return false
end
return redis.call('XADD', KEYS[3], '*', 'type', 'call.ended', 'callId', ARGV[1], 'at', ARGV[2], 'data', ARGV[3])
