// Which templates folder goes with a config. One rule for every command and the Action, so a
// preview (plan, guide offline, validate) reads the same templates that sync and guide then use.
import { posix } from 'node:path';

/**
 * The folder given (`--templates`, the `templates` input), else the folder named `lifecycle` beside
 * the config: `.github/lifecycle/` for `.github/lifecycle.yml`, `cfg/lifecycle/` for
 * `cfg/lifecycle.yml`. Paths stay as the user wrote them, "/"-separated, so the same answer serves
 * a folder on disk (resolve it against the working directory) and one read through the contents API.
 */
export function templatesFolder(configPath: string, given?: string | null): string {
  const explicit = given?.trim();
  if (explicit) return explicit;
  const config = configPath.replace(/\\/g, '/');
  return posix.join(posix.dirname(config), 'lifecycle');
}
