import { Type } from '@sinclair/typebox';
import { Duration } from '../config/index.js';
import { DeliverySchema } from '../exporters/index.js';
import { RouteSchema } from './routing.js';

/**
 * The options every alert sink has besides its own: which detections (route), how repeats fold
 * (throttle), whether alerts are gathered into a digest, and the shared delivery options.
 */
export const sinkOptions = (resolveAfter = '0s') => ({
  ...commonOptions(resolveAfter),
  digest: Type.Object(
    {
      enabled: Type.Boolean({ default: false, description: 'gather the alerts of each interval into one message' }),
      interval: Duration('5m', 'how long a digest gathers (held in memory until sent to the queue)'),
    },
    { additionalProperties: false, default: {} },
  ),
});

/** The options of a sink whose downstream takes one event per alert (no digest). */
export const commonOptions = (resolveAfter = '0s') => ({
  route: RouteSchema,
  throttle: Type.Object(
    {
      window: Duration('10m', 'repeats of a rule and group within this window become one alert with a count'),
      resolve_after: Duration(resolveAfter, 'an incident quiet this long is resolved (0s: never)'),
      max_keys: Type.Integer({ minimum: 1, default: 10000, description: 'incidents tracked at once; the oldest is forgotten first' }),
    },
    { additionalProperties: false, default: {} },
  ),
  ...DeliverySchema,
});

/** The shared options as loaded. */
export interface SinkOptionsConfig {
  readonly route: { readonly min_severity: string; readonly tags: readonly string[]; readonly exclude_tags: readonly string[] };
  readonly throttle: { readonly window: string; readonly resolve_after: string; readonly max_keys: number };
  /** Absent for sinks without digests. */
  readonly digest?: { readonly enabled: boolean; readonly interval: string };
}
