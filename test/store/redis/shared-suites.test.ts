import t from 'tap';
import { RedisStore } from '../../../src/store/redis/index.js';
import { useStore } from '../../helpers/rules.js';
import { redisClient, RedisServer } from '../../helpers/redis-server.js';

// The threshold and sequence suites of the engine, run again with every engine on a real Redis:
// the same input must raise the same detections as on the memory backend.
const server = await RedisServer.start(t);
const redis = await redisClient(t, server);
let engines = 0;
useStore(() => new RedisStore(redis, { prefix: `suite${++engines}:`, latenessMs: 30_000, idleTtlMs: 60_000 }));

await import('../../rules/runtime/threshold.test.js');
await import('../../rules/runtime/sequence.test.js');
