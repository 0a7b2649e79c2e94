-- flow-publish: stores a new version of a flow and makes it live, atomically. Publishing a text
-- identical to an existing version makes that version live instead of creating a copy.
-- KEYS[1] versions hash (cc:flow:<id>:versions, version → JSON)
-- KEYS[2] hash index (cc:flow:<id>:hashes, content hash → version)
-- KEYS[3] live versions hash (cc:flows:live, flow id → version)
-- KEYS[4] events stream
-- ARGV[1] flow id   ARGV[2] content hash   ARGV[3] version JSON without "version"   ARGV[4] time (ISO 8601)
-- ARGV[5] event type (optional, default flow.published; settings documents such as queues.yaml use their own)
-- Returns { version, created (1|0) }.
local existing = redis.call('HGET', KEYS[2], ARGV[2])
local version
local created = 0
if existing then
  version = tonumber(existing)
else
  version = redis.call('HLEN', KEYS[1]) + 1
  local v = cjson.decode(ARGV[3])
  v['version'] = version
  redis.call('HSET', KEYS[1], version, cjson.encode(v))
  redis.call('HSET', KEYS[2], ARGV[2], version)
  created = 1
end
redis.call('HSET', KEYS[3], ARGV[1], version)
local meta = cjson.decode(ARGV[3])
redis.call('XADD', KEYS[4], '*', 'type', ARGV[5] or 'flow.published', 'callId', '', 'at', ARGV[4],
  'data', cjson.encode({ flowId = ARGV[1], version = version, created = created, author = meta['author'], message = meta['message'] }))
return { version, created }
