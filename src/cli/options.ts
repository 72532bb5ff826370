// Options that several commands share, declared once so each means the same thing everywhere:
// -c/--config and -t/--templates on every command that reads a config, and one output switch.
import { Option } from 'commander';
import type { Command } from 'commander';

export const DEFAULT_CONFIG_PATH = '.github/lifecycle.yml';

export type OutputFormat = 'text' | 'json';

export function addConfigOptions(command: Command, what = 'the config file'): Command {
  return command
    .option('-c, --config <path>', what, DEFAULT_CONFIG_PATH)
    .option('-t, --templates <dir>', 'the templates folder (default: "lifecycle/" beside the config)');
}

/** `--format text|json`, and `--json` for `--format json`. */
export function addFormatOptions(command: Command, json = 'JSON for machines'): Command {
  return command
    .addOption(new Option('-f, --format <format>', `text for people, ${json}`).choices(['text', 'json']).default('text'))
    .addOption(jsonAliasOption());
}

export function jsonAliasOption(): Option {
  return new Option('--json', 'the same as --format json').implies({ format: 'json' });
}

export function outputFormat(opts: { format?: unknown }): OutputFormat {
  return opts.format === 'json' ? 'json' : 'text';
}
