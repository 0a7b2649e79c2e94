-- call-start: registers a new live call and logs call.started, atomically.
-- KEYS[1] call hash (cc:call:<id>)   KEYS[2] active-calls set   KEYS[3] events stream
-- KEYS[4] call-by-channel index (cc:call-by-channel:<channel id>)
-- ARGV[1] call id   ARGV[2] JSON object of the call's fields   ARGV[3] event time (ISO 8601)
-- ARGV[4] event data (JSON)
-- Returns the event's stream id; error CALL.EXISTS if the call is already registered.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('CALL.EXISTS ' .. ARGV[1])
end
local fields = cjson.decode(ARGV[2])
for k, v in pairs(fields) do
  redis.call('HSET', KEYS[1], k, tostring(v))
end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('SET', KEYS[4], ARGV[1])
return redis.call('XADD', KEYS[3], '*', 'type', 'call.started', 'callId', ARGV[1], 'at', ARGV[3], 'data', ARGV[4])
