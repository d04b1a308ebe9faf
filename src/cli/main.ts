#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { VigilError } from '../errors.js';
import { COMMANDS, USAGE } from './commands.js';

/** Runs `vigil <command> [<subcommand>] …` and sets the exit code; the only place that exits. */
async function main(argv: readonly string[]): Promise<number> {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(USAGE);
    return first === undefined ? 2 : 0;
  }
  const key = COMMANDS[`${first} ${second}`] ? `${first} ${second}` : first;
  const command = COMMANDS[key];
  if (command === undefined) {
    process.stderr.write(`vigil: unknown command '${argv.join(' ')}'\n\n${USAGE}`);
    return 2;
  }
  const rest = argv.slice(key.split(' ').length);
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    process.stderr.write(`vigil ${key}: ${(err as Error).message}\n\n${command.help}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(command.help);
    return 0;
  }
  return command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Coded errors are for people: print the message, never a stack trace.
    process.stderr.write(`vigil: ${err instanceof VigilError ? err.message : (err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
