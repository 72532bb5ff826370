// Writes schema/lifecycle.schema.json from the zod schema (npm run schema:write). A test fails when
// the checked-in file differs from what this would write.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { lifecycleJsonSchemaText } from '../src/config/json-schema.js';

const target = fileURLToPath(new URL('../schema/lifecycle.schema.json', import.meta.url));
await writeFile(target, lifecycleJsonSchemaText());
console.log(`wrote ${target}`);
