// Which subcommand modules a command line loads: only the one it runs, none for --version, all
// where help or a suggestion lists them.
import { describe, expect, it } from 'vitest';
import { buildProgram, commandsFor } from '../../src/cli/program.js';
import { runCliProcess } from '../helpers/cli.js';

const ALL = ['init', 'validate', 'plan', 'emulator', 'sync', 'replan', 'status', 'guide', 'upgrade', 'demo'];

describe('commandsFor', () => {
  it.each([
    [['sync', '--dry-run'], ['sync']],
    [['validate', '--config', 'x.yml'], ['validate']],
    [['plan', '--help'], ['plan']],
    [['--version'], []],
    [['-V'], []],
    [[], ALL],
    [['--help'], ALL],
    [['-h'], ALL],
    [['--version', '--help'], ALL],
    [['help', 'sync'], ALL],
    [['synk'], ALL],
  ])('%j loads %j', (argv, expected) => {
    expect(commandsFor(argv)).toEqual(expected);
  });
});

describe('the program', () => {
  it('with every command, they are listed in the order a user meets them', async () => {
    expect((await buildProgram()).commands.map((c) => c.name())).toEqual(ALL);
  });

  it('a mistyped command is still answered with the nearest name', async () => {
    const run = await runCliProcess(['synk']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("Did you mean sync?");
  });
});
