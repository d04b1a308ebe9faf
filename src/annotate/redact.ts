import RE2 from 're2';

/**
 * Secrets that must never leave Vigil: cloud keys, private keys, tokens of the common providers,
 * JWTs, and `password=` / `api_key:` style assignments. RE2, because the text is attacker-controlled.
 */
const SECRET_PATTERNS: readonly RE2[] = [
  /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g,
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\b(?:sk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[A-Za-z0-9_-]{35}|sk_live_[A-Za-z0-9]{20,}|npm_[A-Za-z0-9]{36})\b/g,
  /\b(aws_secret_access_key|secret_access_key|api[_-]?key|access[_-]?token|auth[_-]?token|password|passwd|secret)(\s*["']?\s*[:=]\s*["']?)[^\s"',;]{6,}/gi,
].map((pattern) => new RE2(pattern));

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** The text with every secret replaced; the same string when there was none. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    pattern.lastIndex = 0;
    if (!pattern.test(out)) continue;
    pattern.lastIndex = 0;
    out = out.replace(pattern, (_match: string, name?: string, separator?: string) =>
      typeof name === 'string' && typeof separator === 'string' ? `${name}${separator}${REDACTED}` : REDACTED,
    );
  }
  return out;
}
