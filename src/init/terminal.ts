// The conversation in a terminal, on @clack/prompts. Validation reuses the non-interactive rules, so
// a prompt accepts exactly what --set accepts. Ctrl+C (clack's cancel) becomes ABORTED.
import * as clack from '@clack/prompts';
import { coerceAnswer } from './answers.js';
import type { ComparedFile, ConflictAnswer } from './conflicts.js';
import { ABORTED } from './run.js';
import type { Prompter } from './run.js';
import type { AnswerValue, Question } from './presets.js';

export function clackPrompter(output: NodeJS.WriteStream = process.stdout, color = true): Prompter {
  return {
    intro(title) {
      clack.intro(title);
    },
    ask: askQuestion,
    async resolveConflict(conflict: ComparedFile, diff: string): Promise<ConflictAnswer> {
      output.write(`\n${colorDiff(diff, color)}\n`);
      const value = await clack.select<ConflictAnswer>({
        message: `${conflict.file.path} differs from what init would write. Overwrite it?`,
        options: [
          { value: 'skip', label: 'Keep mine', hint: 'skip this file' },
          { value: 'overwrite', label: 'Overwrite', hint: 'the diff above shows what changes' },
          { value: 'skip-all', label: 'Keep mine for every remaining conflict' },
          { value: 'overwrite-all', label: 'Overwrite every remaining conflict' },
        ],
        initialValue: 'skip',
      });
      return clack.isCancel(value) ? 'abort' : value;
    },
  };
}

async function askQuestion(question: Question, initial: AnswerValue): Promise<AnswerValue | typeof ABORTED> {
  switch (question.kind) {
    case 'boolean': {
      const value = await clack.confirm({
        message: question.message,
        active: question.yes,
        inactive: question.no,
        initialValue: initial === true,
      });
      return clack.isCancel(value) ? ABORTED : value;
    }
    case 'choice': {
      const value = await clack.select<string>({
        message: question.message,
        options: question.options.map((o) => ({ value: o.value, label: o.label, ...(o.hint ? { hint: o.hint } : {}) })),
        initialValue: typeof initial === 'string' ? initial : question.default,
      });
      return clack.isCancel(value) ? ABORTED : value;
    }
    case 'text':
    case 'date':
    case 'logins': {
      const start = Array.isArray(initial) ? initial.join(', ') : typeof initial === 'string' ? initial : '';
      const value = await clack.text({
        message: question.message,
        initialValue: start,
        validate: (raw) => {
          const coerced = coerceAnswer(question, raw ?? '');
          if (!coerced.ok) return coerced.message;
          if (question.kind === 'text' && question.required && coerced.value === '') return 'an answer is required';
          return undefined;
        },
      });
      if (clack.isCancel(value)) return ABORTED;
      const coerced = coerceAnswer(question, value);
      return coerced.ok ? coerced.value : ABORTED;
    }
  }
}

function colorDiff(diff: string, color: boolean): string {
  if (!color) return diff;
  return diff
    .split('\n')
    .map((line) =>
      line.startsWith('+') && !line.startsWith('+++')
        ? `\u001b[32m${line}\u001b[0m`
        : line.startsWith('-') && !line.startsWith('---')
          ? `\u001b[31m${line}\u001b[0m`
          : line.startsWith('@@')
            ? `\u001b[36m${line}\u001b[0m`
            : line,
    )
    .join('\n');
}
