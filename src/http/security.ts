import type { Request, Response, Next } from 'restify';

/**
 * Headers on every response. Web Chat injects its styles at run time, hence 'unsafe-inline' for
 * styles only; scripts come from this service alone. Nothing is kept by a browser or a proxy
 * cache unless it says so itself (the static assets do): most answers carry patients' words.
 * HSTS when the request came over TLS, or when PUBLIC_URL says TLS ends at a load balancer.
 */
export const securityHeaders =
  (o: { https: boolean }) =>
  (req: Request, res: Response, next: Next): void => {
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
    res.header('Cache-Control', 'no-store');
    if (o.https || req.isSecure()) res.header('Strict-Transport-Security', 'max-age=31536000');
    next();
  };
