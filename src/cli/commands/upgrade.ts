// `lifecycle upgrade`: the edge of the merge. Reads the terminal once, then hands plain values to
// runUpgrade. The preset's editions plug in as an EditionSource; until a file records which edition
// it came from, --base and --theirs name the two texts to merge between.
import type { Command } from 'commander';
import { ON_CONFLICT, runUpgrade } from '../../upgrade/run.js';
import type { EditionSource } from '../../upgrade/run.js';
import { DEFAULT_CONFIG_PATH } from '../options.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerUpgrade(program: Command, editions?: EditionSource): void {
  program
    .command('upgrade')
    .description("Bring a newer edition of the preset into lifecycle.yml, merged with the team's own edits.")
    .option('-c, --config <path>', 'the file to upgrade', DEFAULT_CONFIG_PATH)
    .option('--to <edition>', 'the edition to move to (default: the newest)')
    .option('--set <key=value>', 'change one answer on the way, e.g. --set tuning_method=full (repeatable)', collect, [])
    .option('--dry-run', 'print the diff and the conflicts; write nothing')
    .option('--on-conflict <mode>', `${ON_CONFLICT.join(', ')} (default: mark in a terminal, else fail)`)
    .option('--base <file>', 'the file as the preset first wrote it (instead of a recorded edition)')
    .option('--theirs <file>', 'the file as the new edition writes it (with --base)')
    .addHelpText(
      'after',
      [
        '',
        'Conflicts (both sides changed the same thing differently):',
        '  mark    keep yours and write the new value beside it in a comment; validate fails until it is settled',
        '  fail    write nothing and list each conflict as file:line:col',
        '  ours    keep yours everywhere',
        '  theirs  take the new edition everywhere',
        '',
        'Exit status: 0 merged (or nothing to do), 1 conflicts (listed or marked), 2 misuse or an unreadable file.',
        '',
        'Examples:',
        '  lifecycle upgrade --dry-run',
        '  lifecycle upgrade --base first.yml --theirs second.yml --on-conflict mark',
      ].join('\n'),
    )
    .action(async (opts: Record<string, unknown>) => {
      const interactive = Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
      const text = (key: string) => (typeof opts[key] === 'string' ? { [key]: opts[key] } : {});
      const result = await runUpgrade(
        {
          config: String(opts.config ?? DEFAULT_CONFIG_PATH),
          set: Array.isArray(opts.set) ? (opts.set as string[]) : [],
          dryRun: opts.dryRun === true,
          ...text('to'),
          ...text('onConflict'),
          ...text('base'),
          ...text('theirs'),
        },
        {
          cwd: process.cwd(),
          interactive,
          out: (line) => process.stdout.write(`${line}\n`),
          err: (line) => process.stderr.write(`${line}\n`),
          ...(editions ? { editions } : {}),
        },
      );
      process.exitCode = result.exitCode;
    });
}
