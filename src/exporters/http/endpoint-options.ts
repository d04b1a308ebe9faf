import { Type, type Static } from '@sinclair/typebox';
import { parseDuration } from '../../config/index.js';
import type { DestinationContext } from '../component.js';
import { HttpClient } from './client.js';
import { TlsSchema, tlsConnectOptions } from './tls.js';

/** The options every HTTP exporter and alert sink shares: where, with which headers and TLS (the deadline is the delivery `timeout`). */
export const endpointOptions = (endpoint: string) => ({
  endpoint: Type.String({ minLength: 1, default: endpoint, description: 'base URL of the downstream' }),
  headers: Type.Record(Type.String(), Type.String(), { default: {}, description: 'sent with every request' }),
  tls: TlsSchema,
});

const EndpointSchema = Type.Object(endpointOptions(''));

/** The shared options as loaded, with the delivery `timeout`. */
export type EndpointConfig = Static<typeof EndpointSchema> & { readonly timeout: string };

/** The client for a component's endpoint options; `headers` are added to (and win over) the configured ones. */
export function clientFor(config: EndpointConfig, context: DestinationContext, headers: Readonly<Record<string, string>> = {}): HttpClient {
  return new HttpClient({
    endpoint: config.endpoint,
    headers: { ...config.headers, ...headers },
    timeoutMs: parseDuration(config.timeout) ?? 10_000,
    tls: tlsConnectOptions(config.tls, context.resolvePath),
  });
}
