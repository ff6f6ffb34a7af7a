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
  for (const secret of urlSecrets(url)) result = result.split(secret).join(MASK);
  return result;
}

/**
 * The password of a database URL in every form a log line could carry it: as written, percent-decoded, and
 * from a `password=` parameter; longest first, so that a password containing another one is masked whole.
 */
export function urlSecrets(url: string): string[] {
  const secrets: string[] = [];
  try {
    const parsed = new URL(url);
    secrets.push(parsed.password);
    for (const [key, value] of parsed.searchParams) if (key.toLowerCase() === 'password') secrets.push(value);
  } catch {
    // Not a WHATWG URL (libpq also takes `key=value` strings): take what looks like a password.
    const userInfo = /\/\/[^:/?#@]*:([^/?#@]*)@/.exec(url)?.[1];
    const keyValue = /password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s&]+)/i.exec(url)?.[1]?.replace(/^'|'$/g, '');
    secrets.push(userInfo ?? '', keyValue ?? '');
  }
  for (const secret of [...secrets]) {
    try {
      secrets.push(decodeURIComponent(secret));
    } catch {
      // A malformed escape: the raw form is in the list already.
    }
  }
  return [...new Set(secrets.filter((secret) => secret !== ''))].sort((a, b) => b.length - a.length);
}
