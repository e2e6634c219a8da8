/**
 * Response headers that keep the pages safe in a browser: a Content-Security-Policy that lets a
 * page run only the service's own script file and style sheet (no inline script or style, no
 * other origin), refuses framing (`frame-ancestors 'none'`, with X-Frame-Options for older
 * browsers), stops MIME sniffing and keeps URLs out of Referer headers sent to other sites. The API's JSON answers
 * get the strictest policy: they are never meant to render anything.
 */

/** The policy of the console's HTML pages. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The policy of everything else (JSON, Markdown, event streams, assets). */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The headers every answer carries, for a page or for the rest.
 *
 * @example
 * for (const [name, value] of Object.entries(securityHeaders('page'))) res.setHeader(name, value);
 */
export function securityHeaders(kind: 'page' | 'other'): Record<string, string> {
  return {
    'content-security-policy': kind === 'page' ? PAGE_CSP : API_CSP,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    // Not no-referrer: with it browsers send `Origin: null` on form posts, and writes are checked by origin.
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/** Whether a request came over HTTPS (directly, or through a proxy that says so): cookies are then `Secure`. */
export function overHttps(encrypted: boolean, forwardedProto: string | string[] | undefined): boolean {
  const proto = Array.isArray(forwardedProto) ? forwardedProto[0] : forwardedProto;
  return encrypted || proto?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/**
 * Whether a browser request comes from a page of this service: its `Origin` (sent by browsers
 * on every POST) names the host it was sent to. A request without `Origin` (not a browser, or a
 * very old one) passes here; the CSRF token still guards it.
 *
 * @example
 * sameOrigin('http://127.0.0.1:8080', '127.0.0.1:8080') // true
 * sameOrigin('https://evil.example', '127.0.0.1:8080')  // false
 */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (host === undefined) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
