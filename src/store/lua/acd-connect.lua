-- acd-connect: the agent answered the offer and is bridged with the caller.
-- KEYS[1] agent hash   KEYS[2] ACD call hash   KEYS[3] queue zset   KEYS[4] events   KEYS[5] the queue's counters today
-- ARGV[1] agent id   ARGV[2] call id   ARGV[3] agent leg channel id   ARGV[4] bridge id
-- ARGV[5] now (epoch ms)   ARGV[6] event time (ISO)   ARGV[7] the queue's service-level threshold (ms)
-- Returns the ms the caller waited, or the error ACD.OFFER_GONE when the offer had ended meanwhile.
if redis.call('HGET', KEYS[1], 'status') ~= 'reserved' or redis.call('HGET', KEYS[1], 'callId') ~= ARGV[2]
  or redis.call('HGET', KEYS[2], 'status') ~= 'offered' or redis.call('HGET', KEYS[2], 'agentId') ~= ARGV[1] then
  return redis.error_reply('ACD.OFFER_GONE the offer of call ' .. ARGV[2] .. ' to agent ' .. ARGV[1] .. ' has ended')
end
local waited = tonumber(ARGV[5]) - tonumber(redis.call('HGET', KEYS[2], 'enteredAt'))
redis.call('HSET', KEYS[1], 'status', 'on_call', 'since', ARGV[5])
redis.call('HSET', KEYS[2], 'status', 'connected', 'legChannelId', ARGV[3], 'bridgeId', ARGV[4], 'connectedAt', ARGV[5])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('HINCRBY', KEYS[5], 'answered', 1)
redis.call('HINCRBY', KEYS[5], 'waitMs', waited)
if waited <= tonumber(ARGV[7]) then redis.call('HINCRBY', KEYS[5], 'answeredInSl', 1) end
redis.call('PEXPIRE', KEYS[5], 3456000000)
redis.call('XADD', KEYS[4], '*', 'type', 'acd.answer', 'callId', ARGV[2], 'at', ARGV[6],
  'data', cjson.encode({ agentId = ARGV[1], queue = redis.call('HGET', KEYS[2], 'queueId'), waitedMs = waited }))
return waited
