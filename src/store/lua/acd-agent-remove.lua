-- acd-agent-remove: deletes a logged-out agent (audited).
-- KEYS[1] agent hash   KEYS[2] agents set   KEYS[3] events   KEYS[4] the agent's PIN
-- ARGV[1] agent id   ARGV[2] event time (ISO)   ARGV[3] actor
-- Returns 1, or the error ACD.NO_SUCH_AGENT / ACD.AGENT_LOGGED_IN.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return redis.error_reply('ACD.NO_SUCH_AGENT agent ' .. ARGV[1] .. ' does not exist')
end
if status ~= 'logged_out' then
  return redis.error_reply('ACD.AGENT_LOGGED_IN agent ' .. ARGV[1] .. ' is ' .. status .. '; log them out first')
end
redis.call('DEL', KEYS[1], KEYS[4])
redis.call('SREM', KEYS[2], ARGV[1])
redis.call('XADD', KEYS[3], '*', 'type', 'agent.removed', 'callId', '', 'at', ARGV[2], 'data', cjson.encode({ agentId = ARGV[1], by = ARGV[3] }))
return 1
