import { Type, type Static } from '@sinclair/typebox';
import { Duration } from '../../config/index.js';
import { DeliverySchema } from '../helper/index.js';

/** `exporters: file/<name>:` — OTLP/JSON lines in a local file, rotated by size and age. */
export const FileSchema = Type.Object(
  {
    path: Type.String({ minLength: 1, default: 'var/telemetry.jsonl', description: 'relative to the config file' }),
    rotation: Type.Object(
      {
        max_bytes: Type.Integer({ minimum: 1024, default: 100 * 1024 * 1024, description: 'rotate when the file reaches this size' }),
        max_age: Duration('24h', 'rotate a file older than this'),
        max_files: Type.Integer({ minimum: 1, default: 7, description: 'rotated files kept; the oldest is deleted' }),
      },
      { additionalProperties: false, default: {} },
    ),
    fsync: Type.Boolean({ default: true, description: 'sync each batch before it counts as delivered' }),
    ...DeliverySchema,
  },
  { additionalProperties: false, default: {} },
);

/** A file exporter's options as loaded. */
export type FileConfig = Static<typeof FileSchema>;
