-- agent-pin-set: sets an agent's PIN hash, only if the agent exists (audited, without the PIN).
-- KEYS[1] agent hash   KEYS[2] pin key   KEYS[3] events
-- ARGV[1] agent id   ARGV[2] PIN hash   ARGV[3] event time (ISO)   ARGV[4] actor
-- Returns 1, or the error ACD.NO_SUCH_AGENT.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('ACD.NO_SUCH_AGENT agent ' .. ARGV[1] .. ' does not exist')
end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('XADD', KEYS[3], '*', 'type', 'agent.pin_set', 'callId', '', 'at', ARGV[3], 'data', cjson.encode({ agentId = ARGV[1], by = ARGV[4] }))
return 1
