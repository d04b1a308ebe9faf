/** The syslog exporter (RFC 5424 with CEF, LEEF or JSON payloads). */
export { syslogFactory } from './exporter.js';
export type { SyslogConfig } from './config.js';
