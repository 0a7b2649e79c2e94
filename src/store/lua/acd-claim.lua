-- acd-claim: reserves a free agent for a waiting call (the offer), atomically: a call is never
-- offered to two agents and an agent never gets two calls, whatever engine asks.
-- KEYS[1] agent hash   KEYS[2] ACD call hash   KEYS[3] events
-- ARGV[1] agent id   ARGV[2] call id   ARGV[3] now (epoch ms)   ARGV[4] event time (ISO)   ARGV[5] why (JSON)
-- ARGV[6] engine instance
-- Returns 'OK', or the error ACD.AGENT_NOT_AVAILABLE / ACD.CALL_NOT_WAITING with the state found.
local agentStatus = redis.call('HGET', KEYS[1], 'status')
if agentStatus ~= 'available' then
  return redis.error_reply('ACD.AGENT_NOT_AVAILABLE agent ' .. ARGV[1] .. ' is ' .. tostring(agentStatus))
end
local callStatus = redis.call('HGET', KEYS[2], 'status')
if callStatus ~= 'waiting' then
  return redis.error_reply('ACD.CALL_NOT_WAITING call ' .. ARGV[2] .. ' is ' .. tostring(callStatus))
end
redis.call('HSET', KEYS[1], 'status', 'reserved', 'callId', ARGV[2], 'since', ARGV[3], 'reason', '')
redis.call('HSET', KEYS[2], 'status', 'offered', 'agentId', ARGV[1], 'offeredAt', ARGV[3], 'engine', ARGV[6], 'legChannelId', '')
redis.call('XADD', KEYS[3], '*', 'type', 'acd.offer', 'callId', ARGV[2], 'at', ARGV[4],
  'data', cjson.encode({ agentId = ARGV[1], queue = redis.call('HGET', KEYS[2], 'queueId'), why = cjson.decode(ARGV[5]) }))
return 'OK'
