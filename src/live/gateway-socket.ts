import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { logger } from '../platform/logger.js';

/** The header of the WebSocket upgrade request in which a federation gateway presents GATEWAY_SECRET. */
export const GATEWAY_SECRET_HEADER = 'x-gateway-secret';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether a WebSocket was opened by a trusted federation gateway: its upgrade request carries
 * GATEWAY_SECRET in the `x-gateway-secret` header (a browser cannot set headers on a WebSocket; a
 * gateway can). A socket presenting another secret is treated as a direct client's, with a warning.
 */
export function isGatewaySocket(request: http.IncomingMessage, secret: string | null): boolean {
  const presented = request.headers[GATEWAY_SECRET_HEADER];
  if (typeof presented !== 'string' || presented === '') return false;
  if (secret !== null && timingSafeEqual(digest(presented), digest(secret))) return true;
  logger.warn('a WebSocket presented a gateway secret that is not GATEWAY_SECRET; it is served as a direct client', {
    remoteAddress: request.socket.remoteAddress,
    gatewaySecretConfigured: secret !== null,
  });
  return false;
}
