/** The Redis backend: shared state, flags and call memory for several replicas. */
export { connectRedis, type RedisClient, type RedisSettings } from './connection.js';
export { RedisFlagStore } from './flag-store.js';
export { RedisCallMemory } from './call-memory.js';
export { RedisStore, type RedisStoreOptions } from './redis-store.js';
