/** The operations listener: health, readiness, metrics, rule status, and the admin API. */
export { adminPlugin, registerProbes, type AdminOptions, type Readiness } from './plugin.js';
export { adminApi, ADMIN_API_PREFIX, type AdminApiOptions } from './api.js';
export { callerOf, isLoopback, tokenHash, type Caller, type Role, type TokenEntry } from './tokens.js';
