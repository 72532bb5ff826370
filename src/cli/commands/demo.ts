// `lifecycle demo` (what `npm start` runs): the whole story against the embedded emulator, offline.
import type { Command } from 'commander';
import { paint, useColor } from '../io.js';
import { runDemo } from '../../demo/run.js';
import { runUpgradeDemo } from '../../demo/upgrade.js';
import type { Style } from '../../demo/run.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Show the whole story offline: init, first sync, a pull request and its guidance, a second sync, request counts.')
    .option('--keep', 'keep the generated repository folder and print where it is')
    .option('--upgrade', "the other story: a plan a team edited meets the preset's next edition (lifecycle upgrade, then sync)")
    .action(async (opts: { keep?: boolean; upgrade?: boolean }) => {
      const color = useColor(process.stdout);
      const style = (text: string, kind: Style): string => {
        switch (kind) {
          case 'heading':
            return paint(text, 'bold', color);
          case 'dim':
            return paint(text, 'dim', color);
          case 'good':
            return paint(text, 'green', color);
          case 'code':
            return paint(text, 'cyan', color);
        }
      };
      const started = Date.now();
      const options = { write: (line: string) => process.stdout.write(`${line}\n`), style, keep: opts.keep === true };
      await (opts.upgrade ? runUpgradeDemo(options) : runDemo(options));
      process.stdout.write(`\n${paint(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s, without leaving this machine.`, 'dim', color)}\n`);
    });
}
