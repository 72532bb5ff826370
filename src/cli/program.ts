// The `lifecycle` program. Each subcommand lives in its own file under commands/ and registers itself;
// main.ts is the entry that runs it.
import { Command, CommanderError } from 'commander';
import { EXIT, UsageError, reportFatal } from './io.js';
import pkg from '../../package.json' with { type: 'json' };

const VERSION = pkg.version;

type Register = (program: Command) => void;

// Subcommands, in the order a user meets them. Each module is imported only when its command can
// run: `lifecycle sync` loads sync's code alone and `lifecycle --version` none of it.
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Register>]> = [
  ['init', async () => (await import('./commands/init.js')).registerInit],
  ['validate', async () => (await import('./commands/validate.js')).registerValidate],
  ['plan', async () => (await import('./commands/plan.js')).registerPlan],
  ['emulator', async () => (await import('./commands/emulator.js')).registerEmulator],
  ['sync', async () => (await import('./commands/sync.js')).registerSync],
  ['status', async () => (await import('./commands/status.js')).registerStatus],
  ['guide', async () => (await import('./commands/guide.js')).registerGuide],
  ['upgrade', async () => (await import('./commands/upgrade.js')).registerUpgrade],
  ['demo', async () => (await import('./commands/demo.js')).registerDemo],
];

/**
 * The subcommands `argv` can reach. The program's own options take no value, so the first word
 * that is not an option is the command. Help, no command at all, a word that names none (answered
 * with the nearest name) and `help <command>` need every command; `--version` alone needs none.
 */
export function commandsFor(argv: readonly string[]): string[] {
  const all = COMMANDS.map(([name]) => name);
  const word = argv.find((arg) => !arg.startsWith('-'));
  if (word !== undefined) return all.includes(word) ? [word] : all;
  const help = argv.includes('-h') || argv.includes('--help');
  const version = argv.includes('-V') || argv.includes('--version');
  return version && !help ? [] : all;
}

export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command();
  program
    .name('lifecycle')
    .description('Plan a staged project as GitHub milestones, issues and pull request guidance.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      [
        '',
        'Start here:',
        '  lifecycle demo                 the whole story, offline, in a few seconds',
        '  lifecycle init                 write .github/lifecycle.yml and the workflow into this repository',
        '  lifecycle validate             check lifecycle.yml; every problem with its line and column',
        '  lifecycle plan --out preview   see every milestone and issue before anything is posted',
        '  lifecycle upgrade --dry-run    see what a newer edition of the preset would change in your edited plan',
        '',
        'Tokens: sync and guide --repo read GITHUB_TOKEN or GH_TOKEN. Docs: docs/ in the repository.',
      ].join('\n'),
    );
  const wanted = new Set(commandsFor(argv));
  const registers = await Promise.all(COMMANDS.filter(([name]) => wanted.has(name)).map(([, load]) => load()));
  for (const register of registers) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`lifecycle: ${error.message}\n`);
      return EXIT.usage;
    }
    return reportFatal(error);
  }
}
