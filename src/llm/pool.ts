/**
 * Spreading calls over several servers of one model, and bounding how many run at once.
 */
import pLimit from "p-limit";
import { MethodscopeError } from "../errors.js";

export interface Lease<T> {
  endpoint: T;
  release(): void;
}

export interface EndpointPool<T> {
  /** Takes the least busy endpoint (ties go round-robin); call `release()` when the attempt ends. */
  acquire(): Lease<T>;
  /** Calls in progress per endpoint, in the order given. */
  busy(): number[];
}

/**
 * A least-busy pool: each attempt goes to the endpoint with the fewest calls in progress, ties broken
 * round-robin, so a retry after a failure usually lands on another server.
 * @example const pool = createEndpointPool(["http://a/v1", "http://b/v1"]); const lease = pool.acquire();
 */
export function createEndpointPool<T>(endpoints: readonly T[]): EndpointPool<T> {
  if (endpoints.length === 0) throw new MethodscopeError("usage", "an LLM provider needs at least one server address");
  const busy = endpoints.map(() => 0);
  let next = 0;
  return {
    acquire() {
      let best = -1;
      for (let k = 0; k < endpoints.length; k++) {
        const i = (next + k) % endpoints.length;
        if (best === -1 || busy[i] < busy[best]) best = i;
      }
      next = (best + 1) % endpoints.length;
      busy[best]++;
      let released = false;
      return {
        endpoint: endpoints[best],
        release() {
          if (!released) {
            released = true;
            busy[best]--;
          }
        },
      };
    },
    busy: () => [...busy],
  };
}

/** Runs `fn` with the lease of one endpoint, releasing it however `fn` ends. */
export async function withLease<T, R>(pool: EndpointPool<T>, fn: (endpoint: T) => Promise<R>): Promise<R> {
  const lease = pool.acquire();
  try {
    return await fn(lease.endpoint);
  } finally {
    lease.release();
  }
}

/** Default concurrent calls per server of a provider. */
export const DEFAULT_CONCURRENCY_PER_ENDPOINT = 4;

/** A limiter of concurrent calls (p-limit): `concurrency` if given, else 4 per endpoint. */
export function createLimiter(concurrency: number | undefined, endpointCount: number) {
  const n = concurrency ?? DEFAULT_CONCURRENCY_PER_ENDPOINT * Math.max(1, endpointCount);
  if (!Number.isInteger(n) || n < 1)
    throw new MethodscopeError("usage", `LLM concurrency must be a positive integer, got ${n}`);
  return pLimit(n);
}
