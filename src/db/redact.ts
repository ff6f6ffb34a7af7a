const MASK = '***';

/** The URL as it may be shown: passwords (user info or `?password=`) replaced by `***`. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL to the WHATWG parser, but it may still carry a password: mask what looks like one.
    return url.replace(/(\/\/[^:/?#@]*:)[^/?#]*@/, `$1${MASK}@`).replace(/(password=)[^&#\s]*/gi, `$1${MASK}`);
  }
  if (parsed.password) parsed.password = MASK;
  for (const key of [...parsed.searchParams.keys()]) {
    if (key.toLowerCase() === 'password') parsed.searchParams.set(key, MASK);
  }
  return parsed.toString();
}

/**
 * Masks the URL's passwords wherever they occur in `text`. Messages from drivers and servers are not
 * supposed to contain them, but an error message is shown to users and written to CI logs, so make sure.
 */
export function hideSecrets(text: string, url: string): string {
  let result = text;
  for (const secret of secretsIn(url)) result = result.split(secret).join(MASK);
  return result;
}

function secretsIn(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const match = /\/\/[^:/?#@]*:([^/?#]*)@/.exec(url);
    return match?.[1] ? [match[1]] : [];
  }
  const secrets = [parsed.password];
  for (const [key, value] of parsed.searchParams) if (key.toLowerCase() === 'password') secrets.push(value);
  for (const secret of [...secrets]) {
    try {
      secrets.push(decodeURIComponent(secret));
    } catch {
      // A malformed escape: the raw form is already in the list.
    }
  }
  // Longest first, so that a password containing another one is masked whole.
  return [...new Set(secrets.filter((secret) => secret !== ''))].sort((a, b) => b.length - a.length);
}
