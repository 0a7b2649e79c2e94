-- call-update: sets fields of a live call only while it is live (never resurrects an ended call).
-- KEYS[1] call hash
-- ARGV[1] JSON object of the fields to set
-- Returns 1 if updated, 0 if the call is not live.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local fields = cjson.decode(ARGV[1])
for k, v in pairs(fields) do
  redis.call('HSET', KEYS[1], k, tostring(v))
end
return 1
