// The REST API root every request is joined to, checked once. Its own module so that the Action's
// entry can use it without loading the client.

/** GITHUB_API_URL or --api-url, without a trailing slash (Octokit joins paths itself). */
export function normalizeBaseUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(trimmed)) throw new Error(`The API URL must start with http:// or https://, not "${url}".`);
  return trimmed;
}
