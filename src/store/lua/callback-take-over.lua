-- callback-take-over: compare-and-set of the engine working on an active attempt, from the one
-- that stopped or died (its job's lock expired) to the one taking over; with its event.
-- KEYS[1] callback hash   KEYS[2] events
-- ARGV[1] attempt number   ARGV[2] the engine it was with   ARGV[3] the engine taking over   ARGV[4] now (ISO)
-- Returns 1, or false if the attempt is over or another engine took it over first.
local cb = redis.call('HMGET', KEYS[1], 'status', 'attempt', 'engine', 'id', 'originCallId')
if cb[1] ~= 'active' or tonumber(cb[2]) ~= tonumber(ARGV[1]) or (cb[3] or '') ~= ARGV[2] then
  return false
end
redis.call('HSET', KEYS[1], 'engine', ARGV[3])
redis.call('XADD', KEYS[2], '*', 'type', 'callback.taken_over', 'callId', cb[5] or '', 'at', ARGV[4],
  'data', cjson.encode({ callback = cb[4], attempt = tonumber(ARGV[1]), from = ARGV[2], engine = ARGV[3] }))
return 1
