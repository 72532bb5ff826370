// Emulator: list calls filtered by label over 50,000 issues, over real HTTP.
// Run: npx tsx bench/emulator.bench.ts
import { createClock, startEmulator } from '../src/emulator/index.js';
import { finishChecks, recordExchange } from './checked.js';

const ISSUES = 50_000;
const clock = createClock({ start: '2027-01-04T00:00:00Z', speed: 0 });
const emulator = await startEmulator({ clock, onExchange: recordExchange, limits: { primary: false }, seed: { tokens: [{ token: 't' }], repos: [{ owner: 'acme', name: 'big' }] } });
const repo = emulator.state.repo('acme/big');
const managed = emulator.state.addLabel(repo, { name: 'lifecycle' });
const stage = emulator.state.addLabel(repo, { name: 'stage: data' });
const other = emulator.state.addLabel(repo, { name: 'other' });
let started = performance.now();
for (let i = 0; i < ISSUES; i++) {
  const issue = emulator.state.addIssue(repo, { title: `Issue ${i}`, created_at: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1000).toISOString() });
  emulator.state.setIssueLabels(repo, issue, i % 10 === 0 ? [managed.id, other.id, ...(i % 20 === 0 ? [stage.id] : [])] : [other.id]);
}
const seedMs = performance.now() - started;

async function timePages(query: string, pages: number): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  for (let page = 1; page <= pages; page++) {
    const t = performance.now();
    const response = await fetch(`${emulator.url}/repos/acme/big/issues?${query}&per_page=100&page=${page}`, { headers: { authorization: 'Bearer t' } });
    await response.arrayBuffer();
    times.push(performance.now() - t);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  return { first: times[0]!, median: rest[Math.floor(rest.length / 2)] ?? times[0]! };
}

// Baseline: the same page from a repository of only 100 issues, so filtering is visible apart from
// building and sending the JSON.
const small = emulator.state.addRepo({ owner: 'acme', name: 'small' });
for (let i = 0; i < 100; i++) emulator.state.setIssueLabels(small, emulator.state.addIssue(small, { title: `Issue ${i}` }), [emulator.state.addLabel(small, { name: 'lifecycle' }).id]);
async function timeSmall(pages: number): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < pages; i++) {
    const t = performance.now();
    await (await fetch(`${emulator.url}/repos/acme/small/issues?labels=lifecycle&per_page=100`, { headers: { authorization: 'Bearer t' } })).arrayBuffer();
    times.push(performance.now() - t);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  return { first: times[0]!, median: rest[Math.floor(rest.length / 2)]! };
}

const rows: [string, { first: number; median: number }][] = [];
await timeSmall(20);
rows.push(['baseline: 100 issues in the repository, labels=lifecycle', await timeSmall(20)]);
rows.push(['labels=lifecycle (5,000 match)', await timePages('labels=lifecycle', 20)]);
rows.push(['labels=lifecycle,stage: data (2,500 match)', await timePages('labels=lifecycle,stage%3A%20data&state=all', 20)]);
rows.push(['labels=other (50,000 match)', await timePages('labels=other', 20)]);
rows.push(['no filter, state=all', await timePages('state=all', 20)]);
started = performance.now();
await emulator.stop();

console.log(`seeded ${ISSUES} issues directly in ${seedMs.toFixed(0)} ms`);
console.log('| query | first page (ms) | median of next 19 pages (ms) |');
console.log('|---|---|---|');
for (const [name, t] of rows) console.log(`| ${name} | ${t.first.toFixed(1)} | ${t.median.toFixed(1)} |`);
finishChecks('emulator benchmark');
