import type { TObject, Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** A component's options as the config loader would hand them over: defaults filled, validated. */
export function configOf<S extends TObject>(schema: S, options: Record<string, unknown> = {}): Static<S> {
  const config = Value.Default(schema, Value.Clone(options));
  const errors = [...Value.Errors(schema, config)].map((e) => `${e.path}: ${e.message}`);
  if (errors.length > 0) throw new Error(errors.join('; '));
  return config as Static<S>;
}

/** The validation errors of these options (empty when valid). */
export function configErrors(schema: TObject, options: Record<string, unknown>): string[] {
  return [...Value.Errors(schema, Value.Default(schema, Value.Clone(options)))].map((e) => `${e.path}: ${e.message}`);
}
