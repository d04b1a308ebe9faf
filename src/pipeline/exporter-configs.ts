import { Value } from '@sinclair/typebox/value';
import type { VigilConfig } from '../config/index.js';
import { VigilError } from '../errors.js';
import { EXPORTER_FACTORIES, type ExporterFactory } from '../exporters/index.js';

/** One exporter section, checked against its factory's schema and filled with its defaults. */
export interface ExporterSpec {
  readonly name: string;
  readonly factory: ExporterFactory;
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * The exporters the pipelines use, each section validated by its own factory's schema (unknown
 * keys and wrong types with their path, as for the rest of the file). Every problem is listed at
 * once: unknown types, bad sections, pipelines naming an exporter that is not configured.
 */
export function exporterSpecs(config: VigilConfig): Map<string, ExporterSpec> {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const [signal, pipeline] of Object.entries(config.pipelines)) {
    for (const name of pipeline.exporters) {
      if (name in config.exporters) used.add(name);
      else problems.push(`/pipelines/${signal}/exporters: ${name} is not configured under exporters`);
    }
  }
  const specs = new Map<string, ExporterSpec>();
  for (const name of used) {
    const type = name.split('/')[0];
    const factory = EXPORTER_FACTORIES.get(type);
    if (!factory) {
      problems.push(`/exporters/${name}: unknown exporter type ${type} (known: ${[...EXPORTER_FACTORIES.keys()].join(', ')})`);
      continue;
    }
    const section = Value.Default(factory.schema, Value.Clone(config.exporters[name] ?? {}));
    const errors = [...Value.Errors(factory.schema, section)];
    for (const error of errors) problems.push(`/exporters/${name}${error.path}: ${error.message}`);
    if (errors.length === 0) specs.set(name, { name, factory, config: section as Record<string, unknown> });
  }
  if (problems.length > 0) throw new VigilError('VGL_CONFIG_INVALID', problems.map((p) => `  config: ${p}`).join('\n'));
  return specs;
}
