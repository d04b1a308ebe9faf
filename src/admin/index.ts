/** The operations listener: health, readiness, metrics, rule status. */
export { adminPlugin, registerProbes, type AdminOptions, type Readiness } from './plugin.js';
