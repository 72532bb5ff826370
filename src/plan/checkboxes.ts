// Task-list boxes a person ticked are progress: they survive a re-rendered body. Lines are matched
// by the text after the box, so reordering or inserting items keeps every tick on its item.

// The item text starts at its first character that is not a blank: were the blanks and the text
// allowed to share characters, a line that fails at its end (a lone carriage return in it) would
// be retried once per blank, each time to the end of the line, in time quadratic in its length.
const BOX = /^(\s*[-*+] \[)([ xX])(\](?:[ \t]+([^ \t\n\r\u2028\u2029][^\n\r\u2028\u2029]*)?)?)$/;

function itemText(rest: string | undefined): string {
  return (rest ?? '').trim();
}

/** Item texts ticked in `text`, with how many times each is ticked. */
export function tickedItems(text: string | null | undefined): Map<string, number> {
  const ticked = new Map<string, number>();
  if (!text) return ticked;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const m = BOX.exec(line);
    if (m && m[2] !== ' ') {
      const key = itemText(m[4]);
      ticked.set(key, (ticked.get(key) ?? 0) + 1);
    }
  }
  return ticked;
}

/** `next` with every box ticked whose item is ticked in `previous` (each tick used once, in order). */
export function carryTicks(next: string, previous: string | null | undefined): string {
  const ticked = tickedItems(previous);
  if (ticked.size === 0) return next;
  const lines = next.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const m = BOX.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (!m || m[2] !== ' ') continue;
    const key = itemText(m[4]);
    const left = ticked.get(key) ?? 0;
    if (left === 0) continue;
    ticked.set(key, left - 1);
    lines[i] = line.replace(/\[ \]/, '[x]');
    changed = true;
  }
  return changed ? lines.join('\n') : next;
}
