// The JSON schema editors read (yaml-language-server), derived from the zod schema.
import { lifecycleJsonSchema } from './schema.js';

/** The exact text of schema/lifecycle.schema.json. */
export function lifecycleJsonSchemaText(): string {
  return `${JSON.stringify(lifecycleJsonSchema(), null, 2)}\n`;
}
