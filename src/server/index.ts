export { type AppOptions, CSP, createApp, TOKEN_HEADER } from "./app.js";
export { newToken, type RunningServer, type ServeOptions, serve } from "./serve.js";
