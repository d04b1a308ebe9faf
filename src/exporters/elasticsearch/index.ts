/** The Elasticsearch / OpenSearch exporter. */
export { elasticsearchFactory } from './exporter.js';
export type { ElasticsearchConfig } from './config.js';
