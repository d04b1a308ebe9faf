import { Type, type Static } from '@sinclair/typebox';
import { SEVERITIES, type Detection, type Severity } from '../rules/index.js';

/** Which detections a sink receives: a minimum severity and tags. */
export const RouteSchema = Type.Object(
  {
    min_severity: Type.Union(SEVERITIES.map((s) => Type.Literal(s)), { default: 'info', description: 'detections below this severity are not sent' }),
    tags: Type.Array(Type.String({ minLength: 1 }), { default: [], description: 'send only detections with at least one of these tags (empty: any)' }),
    exclude_tags: Type.Array(Type.String({ minLength: 1 }), { default: [], description: 'never send detections with one of these tags' }),
  },
  { additionalProperties: false, default: {} },
);

/** A route as loaded. */
export type RouteConfig = Static<typeof RouteSchema>;

/** The route as a predicate, decided once. */
export function routePredicate(route: RouteConfig): (detection: Detection) => boolean {
  const min = SEVERITIES.indexOf(route.min_severity as Severity);
  const wanted = new Set(route.tags);
  const excluded = new Set(route.exclude_tags);
  return (detection) =>
    SEVERITIES.indexOf(detection.severity) >= min &&
    (wanted.size === 0 || detection.tags.some((tag) => wanted.has(tag))) &&
    !detection.tags.some((tag) => excluded.has(tag));
}
