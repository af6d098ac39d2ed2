/** Runs the review app on a local port with @hono/node-server. */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve as nodeServe } from "@hono/node-server";
import { MethodscopeError } from "../errors.js";
import { type AppOptions, createApp } from "./app.js";

export interface ServeOptions extends Omit<AppOptions, "token"> {
  /** 0 picks a free port. Default 4173. */
  port?: number;
  /** Default 127.0.0.1: only this machine can connect. */
  host?: string;
  /** Default: a fresh random token. */
  token?: string;
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
  const app = createApp({ ...options, token });
  return new Promise((resolve, reject) => {
    const server = nodeServe({ fetch: app.fetch, port: options.port ?? 4173, hostname: host }, (info: AddressInfo) => {
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
    server.once("error", (error: NodeJS.ErrnoException) => {
      const hint = error.code === "EADDRINUSE" ? " Choose another --port, or 0 for any free port." : "";
      reject(
        new MethodscopeError("usage", `Cannot listen on ${host}:${options.port ?? 4173}: ${error.message}.${hint}`),
      );
    });
  });
}
