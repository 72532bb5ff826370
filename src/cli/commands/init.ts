// `lifecycle init`: the edge of the generator. Reads the clock and the terminal once, then hands
// plain values to runInit.
import type { Command } from 'commander';
import { paint, useColor } from '../io.js';
import { DEFAULT_PRESET, PRESETS } from '../../init/presets.js';
import { runInit } from '../../init/run.js';
import { clackPrompter } from '../../init/terminal.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Today in the local time zone: the date a person at this terminal would call today. */
function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Generate .github/lifecycle.yml and the workflow that keeps milestones and issues in sync.')
    .argument('[dir]', 'repository folder to write into', '.')
    .option('--preset <name>', `life cycle to start from: ${PRESETS.join(' or ')}`, DEFAULT_PRESET)
    .option('-y, --yes', 'ask nothing: take defaults, --set and --answers')
    .option('--set <key=value>', 'give one answer, e.g. --set tuning_method=lora (repeatable)', collect, [])
    .option('--answers <file>', 'YAML or JSON file of answers')
    .option('--dry-run', 'list each file as create, unchanged or conflict; write nothing')
    .option('--on-conflict <policy>', 'when an existing file differs: ask, skip, overwrite or fail (default: ask in a terminal, else fail)')
    .option('--skeleton', 'also create one folder per stage, each with a README')
    .option('--eject-templates', 'copy the built-in templates into .github/lifecycle/ for editing')
    .action(async (dir: string, opts: Record<string, unknown>) => {
      const color = useColor(process.stdout);
      const interactive = Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
      const result = await runInit(
        {
          dir,
          preset: String(opts.preset ?? DEFAULT_PRESET),
          yes: opts.yes === true,
          set: Array.isArray(opts.set) ? (opts.set as string[]) : [],
          ...(typeof opts.answers === 'string' ? { answersFile: opts.answers } : {}),
          dryRun: opts.dryRun === true,
          ...(typeof opts.onConflict === 'string' ? { onConflict: opts.onConflict } : {}),
          skeleton: opts.skeleton === true,
          ejectTemplates: opts.ejectTemplates === true,
        },
        {
          cwd: process.cwd(),
          today: localToday(),
          interactive,
          ...(interactive ? { prompter: clackPrompter(process.stdout, color) } : {}),
          out: (line) => process.stdout.write(`${line}\n`),
          err: (line) => process.stderr.write(`${line}\n`),
          color: (text, name) => paint(text, name, color),
        },
      );
      process.exitCode = result.exitCode;
    });
}
