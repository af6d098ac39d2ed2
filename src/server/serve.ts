/** Runs the review app on a local port with @hono/node-server. */
import { randomBytes } from "node:crypto";
import type { Server as HttpServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";
import { serve as nodeServe } from "@hono/node-server";
import { MethodscopeError } from "../errors.js";
import { type AppOptions, createApp } from "./app.js";

export interface ServeOptions extends Omit<AppOptions, "token" | "allowedHosts"> {
  /** 0 picks a free port. Default 4173. */
  port?: number;
  /** Default 127.0.0.1: only this machine can connect. */
  host?: string;
  /** Default: a fresh random token. */
  token?: string;
  /**
   * More names the server answers to besides its address and the loopback names ("name" or
   * "name:port"; a name without a port gets the listening port), e.g. a LAN host name.
   */
  extraHosts?: string[];
  /** How long an idle kept-alive connection stays open, in ms. Default 5000 (Node's). */
  keepAliveTimeout?: number;
}

export interface RunningServer {
  /** The URL to open, session token included. */
  url: string;
  port: number;
  token: string;
  /** Stops accepting connections and resolves when the server has closed. */
  close(): Promise<void>;
  /** Resolves when the server has closed, however that happened. */
  closed: Promise<void>;
}

/** A 256-bit random session token (URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Starts the review UI and resolves once it listens.
 * @example const server = await serve({ store, port: 0 }); console.log(server.url); await server.close();
 */
export function serve(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const host = options.host ?? "127.0.0.1";
  // Empty until listening picks the port: the app refuses every request until then.
  const allowedHosts = new Set<string>();
  // Warmed before listening (see AppOptions.warm): no request waits for the corpus-wide reads.
  const app = createApp({ warm: true, ...options, token, allowedHosts });
  return new Promise((resolve, reject) => {
    const server = nodeServe({ fetch: app.fetch, port: options.port ?? 4173, hostname: host }, (info: AddressInfo) => {
      for (const name of hostNamesFor(host, info.port, options.extraHosts)) allowedHosts.add(name);
      const shownHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
      const closed = new Promise<void>((done) => server.once("close", () => done()));
      resolve({
        url: `http://${shownHost}:${info.port}/?token=${token}`,
        port: info.port,
        token,
        closed,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Browsers keep idle keep-alive connections open; without this close() waits for them.
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    (server as HttpServer).keepAliveTimeout = options.keepAliveTimeout ?? 5000;
    closeOnlyIdleConnections(server as HttpServer);
    server.once("error", (error: NodeJS.ErrnoException) => {
      const hint = error.code === "EADDRINUSE" ? " Choose another --port, or 0 for any free port." : "";
      reject(
        new MethodscopeError("usage", `Cannot listen on ${host}:${options.port ?? 4173}: ${error.message}.${hint}`),
      );
    });
  });
}

/**
 * Makes a kept-alive connection close on its idle timer only when it is still idle one turn of the
 * event loop later. Node destroys it as soon as the timer fires; but when the loop was busy past
 * the timer (the first overview of a large store reads every cell's summary for seconds), timers
 * run before the server reads what arrived meanwhile, so a request the client sent in good faith
 * on that connection, within its keep-alive time, was reset unread and lost (ECONNRESET, "socket
 * hang up"; a POST is not retried). After one turn the waiting request has been read (`bytesRead`
 * grew, and Node cleared the timer for it); a connection that received nothing closes as before.
 * A 'timeout' listener also stops Node's own destroy; this server sets no other socket timeout.
 */
function closeOnlyIdleConnections(server: HttpServer): void {
  server.on("timeout", (socket: Socket) => {
    const read = socket.bytesRead;
    setImmediate(() => {
      if (socket.bytesRead === read) socket.destroy();
    });
  });
}

/**
 * The Host header values a server listening on `host`:`port` answers: the loopback names, the
 * listening address, `extra` names, and on a wildcard address (0.0.0.0, ::) this machine's
 * interface addresses and host name. IP literals cannot be rebound by DNS; a name is accepted only
 * when it is the one the user chose. Lower case; on port 80 also without the port.
 * @example hostNamesFor("127.0.0.1", 4173) // Set { "127.0.0.1:4173", "localhost:4173", "[::1]:4173" }
 */
export function hostNamesFor(host: string, port: number, extra: string[] = []): Set<string> {
  const names = ["127.0.0.1", "localhost", "::1", host, ...extra];
  if (host === "0.0.0.0" || host === "::" || host === "") {
    names.push(hostname());
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.push(a.address);
  }
  const out = new Set<string>();
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (name === "") continue;
    const withPort = /^\[.*\]:\d+$/.test(name) || (isIP(name) !== 6 && /:\d+$/.test(name));
    if (withPort) {
      out.add(name);
      continue;
    }
    const bare =
      isIP(name.replace(/^\[|\]$/g, "")) === 6 ? `[${name.replace(/^\[|\]$/g, "").replace(/%.*$/, "")}]` : name;
    out.add(`${bare}:${port}`);
    if (port === 80) out.add(bare);
  }
  return out;
}
