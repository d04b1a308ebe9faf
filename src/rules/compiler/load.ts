import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compileRuleSet, type CompileResult, type RuleFile } from './compile.js';
import { fileDiagnostic, sortDiagnostics, type Diagnostic } from './diagnostics.js';

/** The rule files of some paths: a directory gives every `*.rules` under it, a file itself. */
export async function readRuleFiles(paths: readonly string[], maxBytes = Infinity): Promise<{ files: RuleFile[]; diagnostics: Diagnostic[] }> {
  const files: RuleFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  let bytes = 0;
  for (const path of paths) {
    let names: string[];
    try {
      const isDirectory = (await stat(path)).isDirectory();
      // Sorted, so lists, rules and diagnostics come in the same order on every machine.
      names = isDirectory ? (await readdir(path, { recursive: true })).filter((n) => n.endsWith('.rules')).sort().map((n) => join(path, n)) : [path];
    } catch (error) {
      diagnostics.push(fileDiagnostic(path, 'io', `cannot read rules: ${(error as Error).message}`));
      continue;
    }
    for (const name of names) {
      if (seen.has(resolve(name))) continue;
      seen.add(resolve(name));
      try {
        // Sized before it is read: a rule set beyond the bound is refused without being compiled.
        bytes += (await stat(name)).size;
        if (bytes > maxBytes) {
          diagnostics.push(fileDiagnostic(name, 'too-large', `the rule set exceeds rules.max_bytes (${maxBytes} bytes) at this file`));
          return { files, diagnostics };
        }
        files.push({ path: name, text: await readFile(name, 'utf8') });
      } catch (error) {
        diagnostics.push(fileDiagnostic(name, 'io', `cannot read rules: ${(error as Error).message}`));
      }
    }
  }
  return { files, diagnostics };
}

/** The total size in bytes of the rule files at these paths (unreadable paths count nothing), without reading them. */
export async function ruleSetBytes(paths: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (!info.isDirectory()) bytes += info.size;
      else for (const name of await readdir(path, { recursive: true })) if (name.endsWith('.rules')) bytes += (await stat(join(path, name))).size;
    } catch {}
  }
  return bytes;
}

/** Reads and compiles the rule set at these paths (`rules.paths` of the configuration). */
export async function loadRuleSet(paths: readonly string[], maxBytes?: number): Promise<CompileResult & { readonly files: readonly string[] }> {
  const { files, diagnostics } = await readRuleFiles(paths, maxBytes);
  if (diagnostics.some((d) => d.code === 'too-large')) return { rules: [], diagnostics, lists: new Map(), tuning: [], files: files.map((f) => f.path) };
  const result = compileRuleSet(files);
  const all = sortDiagnostics([...diagnostics, ...result.diagnostics]);
  return { ...result, rules: diagnostics.length > 0 ? [] : result.rules, diagnostics: all, files: files.map((f) => f.path) };
}
