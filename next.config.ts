import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native/CommonJS server packages are loaded by Node at run time instead of bundled.
  serverExternalPackages: ['dns2', 'mailauth', 'smtp-server', 'mailparser', '@prisma/adapter-libsql', '@libsql/client', 'libsql', 'piscina', 'esbuild'],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
        ],
      },
      // Pages get a nonce CSP from proxy.ts; JSON answers never need to load or run anything.
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }] },
      // Report ids are secrets: keep report pages out of search engines and shared caches.
      { source: '/r/:id', headers: [{ key: 'X-Robots-Tag', value: 'noindex' }, { key: 'Cache-Control', value: 'private, no-store' }] },
    ];
  },
};

export default nextConfig;
