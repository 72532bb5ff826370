// Answers that a newer edition of a preset renamed or split, declared in one place. Re-running
// `init` over a file an older edition wrote, and `lifecycle upgrade`, read the old answers through
// these steps, so a team never has to answer again what it already answered.
import type { PresetName } from './presets.js';

export interface AnswerMigration {
  preset: PresetName;
  /** Answers recorded by this edition… */
  from: number;
  /** …become answers of this one. */
  to: number;
  /** Old key → new key; the value carries over unchanged. */
  renamed: Readonly<Record<string, string>>;
  /**
   * Answers the old edition implied without asking, set unless the old answers already name them.
   * Each says why, since these are the judgement calls of a migration.
   */
  implied: readonly { key: string; value: string | boolean; why: string }[];
}

export const ANSWER_MIGRATIONS: readonly AnswerMigration[] = [
  {
    preset: 'genai',
    from: 1,
    to: 2,
    renamed: { tuning_method: 'adaptation' },
    implied: [
      {
        key: 'alignment',
        value: 'rlhf',
        why: 'edition 1 always planned RLHF, with reward_model choosing between days and weeks; edition 2 asks, and keeps reward_model for rlhf',
      },
    ],
  },
];

/**
 * Answers recorded by edition `from` of a preset, expressed as answers of edition `to`: every
 * declared step between them applied in order. Keys no step mentions carry over as they are.
 */
export function migrateAnswers(preset: PresetName, from: number, to: number, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  let out: Record<string, unknown> = { ...values };
  for (let edition = from; edition < to; edition++) {
    const step = ANSWER_MIGRATIONS.find((m) => m.preset === preset && m.from === edition && m.to === edition + 1);
    if (!step) continue;
    const next: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(out)) next[step.renamed[key] ?? key] = value;
    for (const { key, value } of step.implied) if (!(key in next)) next[key] = value;
    out = next;
  }
  return out;
}
