// Reference webhook receiver for bench/webhooks.sh: the same job as ACS's intake (verify
// X-Hub-Signature-256 over the raw body, parse the JSON, hand the event to handlers) done by
// @octokit/webhooks, the library Probot is built on. It stores nothing.
import { createServer } from "node:http";
import { Webhooks, createNodeMiddleware } from "@octokit/webhooks";

const port = Number(process.env.PORT ?? 3902);
const secret = process.env.SECRET;
if (!secret) {
  console.error("SECRET is not set");
  process.exit(2);
}

const webhooks = new Webhooks({ secret });
let received = 0;
webhooks.onAny(() => {
  received++;
});
const middleware = createNodeMiddleware(webhooks, {
  path: "/webhooks",
  log: { debug() {}, info() {}, warn: console.warn, error: console.error },
});

createServer(async (req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: "up", received }));
    return;
  }
  if (await middleware(req, res)) return;
  res.writeHead(404);
  res.end();
}).listen(port, "127.0.0.1", () => console.log(`reference receiver on 127.0.0.1:${port}`));
