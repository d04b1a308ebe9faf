import type { Destination, DestinationFactory, TelemetryBatch } from '../component.js';
import { clientFor, resultFromError, resultFromResponse } from '../http/index.js';
import { recordsOf } from '../records/index.js';
import { bulkItems, bulkRequest, type BulkRequest } from './bulk.js';
import { resultOfBulk } from './bulk-response.js';
import { authorization, ElasticsearchSchema, type ElasticsearchConfig } from './config.js';

/**
 * The `elasticsearch` exporter (OpenSearch alike): `_bulk` NDJSON into data streams. The official
 * client's bulk helper is not used: it retries on its own schedule and in memory, where Vigil's
 * delivery helper must decide (disk queue, backoff, metrics); this reads the per-item results
 * itself and hands back exactly the items to retry.
 */
export const elasticsearchFactory: DestinationFactory<ElasticsearchConfig, TelemetryBatch, BulkRequest> = {
  type: 'elasticsearch',
  schema: ElasticsearchSchema,
  create(_name, config, context): Destination<TelemetryBatch, BulkRequest> {
    const client = clientFor(config, context, authorization(config));
    // filter_path keeps the answer to a few bytes per item, however large the batch.
    const query = new URLSearchParams({ filter_path: 'errors,items.*.status,items.*.error.type,items.*.error.reason' });
    if (config.pipeline !== '') query.set('pipeline', config.pipeline);
    const path = `/_bulk?${query}`;
    return {
      encode(batch) {
        const index = batch.signal === 'traces' ? config.traces_index : config.logs_index;
        return bulkRequest(bulkItems(recordsOf(batch, config.mapping), () => index));
      },
      async send(request, signal) {
        try {
          const response = await client.request({ path, body: request.body, headers: { 'content-type': 'application/x-ndjson' } }, signal);
          if (response.status === 200) return resultOfBulk(request, response.body.toString('utf8'));
          return resultFromResponse(response, request.items.length);
        } catch (error) {
          return resultFromError(error);
        }
      },
      close: () => client.close(),
    };
  },
};
