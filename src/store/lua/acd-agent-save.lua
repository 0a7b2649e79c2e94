-- acd-agent-save: creates an agent or changes their profile (name, endpoint, skills, queues),
-- keeping their state; audited in the event log with who changed what.
-- KEYS[1] agent hash   KEYS[2] agents set   KEYS[3] events
-- ARGV[1] agent id   ARGV[2] name   ARGV[3] endpoint   ARGV[4] skills (JSON)   ARGV[5] queues (JSON)
-- ARGV[6] now (epoch ms)   ARGV[7] event time (ISO)   ARGV[8] actor
-- Returns 1 if the agent was created, 0 if changed.
local created = 0
if redis.call('EXISTS', KEYS[1]) == 0 then
  created = 1
  redis.call('HSET', KEYS[1], 'status', 'logged_out', 'since', ARGV[6], 'availableSince', ARGV[6], 'occupiedSeconds', 0, 'reason', '', 'callId', '')
end
local before = redis.call('HMGET', KEYS[1], 'name', 'endpoint', 'skills', 'queues')
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'name', ARGV[2], 'endpoint', ARGV[3], 'skills', ARGV[4], 'queues', ARGV[5])
redis.call('SADD', KEYS[2], ARGV[1])
local change = { agentId = ARGV[1], by = ARGV[8], created = (created == 1) }
if before[1] ~= ARGV[2] then change.name = ARGV[2] end
if before[2] ~= ARGV[3] then change.endpoint = ARGV[3] end
if before[3] ~= ARGV[4] then change.skills = cjson.decode(ARGV[4]) end
if before[4] ~= ARGV[5] then change.queues = cjson.decode(ARGV[5]) end
redis.call('XADD', KEYS[3], '*', 'type', 'agent.saved', 'callId', '', 'at', ARGV[7], 'data', cjson.encode(change))
return created
