-- agent-sessions-end: ends every session of an agent (their PIN changed, or they were removed),
-- with its event, so every engine closes the agent's desktop sockets.
-- KEYS[1] the agent's sessions (set of session keys)   KEYS[2] events
-- ARGV[1] agent id   ARGV[2] why (pin_changed|removed)   ARGV[3] event time (ISO)   ARGV[4] actor
-- Returns how many sessions were ended.
local sessions = redis.call('SMEMBERS', KEYS[1])
for _, key in ipairs(sessions) do redis.call('DEL', key) end
redis.call('DEL', KEYS[1])
redis.call('XADD', KEYS[2], '*', 'type', 'agent.sessions_ended', 'callId', '', 'at', ARGV[3],
  'data', cjson.encode({ agentId = ARGV[1], reason = ARGV[2], sessions = #sessions, by = ARGV[4] }))
return #sessions
