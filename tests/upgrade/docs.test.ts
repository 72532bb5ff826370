// docs/upgrade.md walks through an upgrade of docs/examples/upgrade/; every output it shows must be
// what the code prints today.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatReport, validateCommand } from '../../src/cli/commands/validate.js';
import { runUpgrade } from '../../src/upgrade/run.js';
import type { UpgradeOptions } from '../../src/upgrade/run.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'docs/examples/upgrade');
const COMMAND = 'lifecycle upgrade -c lifecycle.yml --base first-edition.yml --theirs second-edition.yml';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function example(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lifecycle-upgrade-docs-'));
  made.push(dir);
  await cp(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** What the terminal shows: standard output and error in the order they were written. */
async function transcript(dir: string, options: Partial<UpgradeOptions>): Promise<string> {
  const lines: string[] = [];
  const push = (line: string) => lines.push(line);
  await runUpgrade({ config: 'lifecycle.yml', base: 'first-edition.yml', theirs: 'second-edition.yml', set: [], dryRun: false, ...options }, { cwd: dir, interactive: false, out: push, err: push });
  return lines.join('\n');
}

describe('docs/upgrade.md', () => {
  it('shows what the dry run, the refusal, the marks and validate print', async () => {
    const doc = await readFile(join(ROOT, 'docs/upgrade.md'), 'utf8');
    const dir = await example();
    expect(doc).toContain(`$ ${COMMAND} --dry-run\n${await transcript(dir, { dryRun: true })}\n\`\`\``);
    expect(doc).toContain(`$ ${COMMAND}\n${await transcript(dir, {})}\n\`\`\``);
    expect(doc).toContain(`$ ${COMMAND} --on-conflict mark\n${await transcript(dir, { onConflict: 'mark' })}\n\`\`\``);
    const marked = await readFile(join(dir, 'lifecycle.yml'), 'utf8');
    const excerpt = marked.slice(marked.indexOf('  - id: scope'), marked.indexOf('\n\n  - id: fine-tuning'));
    expect(doc).toContain(`\`\`\`yaml\n${excerpt}\n\`\`\``);
    const validate = formatReport(await validateCommand({ config: 'lifecycle.yml' }, dir), false);
    expect(doc).toContain(`$ lifecycle validate -c lifecycle.yml\n${validate}\`\`\``);
  });
});
