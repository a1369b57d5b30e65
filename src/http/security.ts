import type { Request, Response, Next } from 'restify';

/**
 * Headers on every response. Web Chat injects its styles at run time, hence 'unsafe-inline' for
 * styles only; scripts come from this service alone.
 */
export function securityHeaders(req: Request, res: Response, next: Next): void {
  res.header(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self' ws: wss:",
      "frame-ancestors 'self'",
      "base-uri 'none'",
      "form-action 'self'",
    ].join('; '),
  );
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'no-referrer');
  res.header('X-Frame-Options', 'SAMEORIGIN');
  res.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (req.isSecure()) res.header('Strict-Transport-Security', 'max-age=31536000');
  next();
}
