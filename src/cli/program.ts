// The `lifecycle` program. Each subcommand lives in its own file under commands/ and registers itself;
// main.ts is the entry that runs it.
import { Command, CommanderError } from 'commander';
import { EXIT, UsageError, reportFatal } from './io.js';
import { registerInit } from './commands/init.js';
import { registerDemo } from './commands/demo.js';
import { registerValidate } from './commands/validate.js';
import { registerEmulator } from './commands/emulator.js';
import { registerSync } from './commands/sync.js';
import { registerPlan } from './commands/plan.js';
import { registerGuide } from './commands/guide.js';
import pkg from '../../package.json' with { type: 'json' };

const VERSION = pkg.version;

export function buildProgram(): Command {
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
        '',
        'Tokens: sync and guide --repo read GITHUB_TOKEN or GH_TOKEN. Docs: docs/ in the repository.',
      ].join('\n'),
    );
  // Subcommands: keep in the order a user meets them.
  registerInit(program);
  registerValidate(program);
  registerPlan(program);
  registerEmulator(program);
  registerSync(program);
  registerGuide(program);
  registerDemo(program);
  return program;
}


export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
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
