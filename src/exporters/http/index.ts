/** The HTTP client every HTTP exporter and alert sink uses, and the status mapping to SendResult. */
export { HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse } from './client.js';
export { parseRetryAfter } from './retry-after.js';
export { HTTP_RETRYABLE, OTLP_RETRYABLE, resultFromError, resultFromResponse } from './status.js';
export { TlsSchema, tlsConnectOptions, type TlsConfig } from './tls.js';
export { clientFor, endpointOptions, type EndpointConfig } from './endpoint-options.js';
