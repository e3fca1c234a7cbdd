#!/usr/bin/env node
// Conformance adapter of the Node fetch SDK (JSON lines on stdin/stdout; logs on stderr).
//   knowlify-conformance clients --adapter 'node examples/clients/node-fetch/adapter.mjs'
import { createInterface } from "node:readline";
import { Knowlify, KnowlifyError } from "./knowlify-fetch.mjs";

const FIELDS = ["index", "status", "uuid", "queue_position", "code", "message"];
let lastBatch = null;

function batch(answer) {
  const results = answer.results.map((row) => Object.fromEntries(FIELDS.map((f) => [f, row[f] ?? null])));
  const failed = results.filter((r) => r.status === "error").map((r) => ({ index: r.index, code: r.code, message: r.message }));
  return { results, failed };
}

async function perform(request) {
  const args = request.arguments ?? {};
  const attempts = request.options?.max_attempts ?? 4;
  const client = new Knowlify(request.api_key, { baseUrl: request.base_url, maxRetries: attempts - 1 });
  switch (request.operation) {
    case "create_videos": {
      const extra = {};
      if (args.email !== undefined) extra.email = args.email;
      if (args.org_id !== undefined) extra.org_id = args.org_id;
      lastBatch = await client.createVideos(args.videos, extra);
      return batch(lastBatch);
    }
    case "resubmit_failed":
      return batch(await client.resubmitFailed(lastBatch));
    case "get_video": {
      const v = await client.getVideo(args.uuid);
      return { uuid: v.uuid, status: v.status, is_complete: v.is_complete, is_failed: v.is_failed };
    }
    case "create_edit": {
      const { video_uuid, edit_request, idempotency_key, ...extra } = args;
      const e = await client.createEdit(video_uuid, edit_request, { idempotencyKey: idempotency_key, ...extra });
      return { edit_id: e.edit_id, status: e.status };
    }
    case "get_edit": {
      const e = await client.getEdit(args.edit_id);
      return { edit_id: e.edit_id, status: e.status };
    }
    case "revert_edit": {
      const e = await client.revertEdit(args.edit_id);
      return { edit_id: e.edit_id, status: e.status };
    }
    default:
      throw new Error(`unknown operation ${request.operation}`);
  }
}

const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  if (!line.trim()) return;
  queue = queue.then(async () => {
    const request = JSON.parse(line);
    let outcome;
    try {
      outcome = { ok: true, result: await perform(request) };
    } catch (error) {
      const known = error instanceof KnowlifyError;
      outcome = { ok: false, error: { type: error?.name ?? "Error", status: known ? error.status : null, detail: known ? error.detail : null, message: String(error?.message ?? error) } };
    }
    outcome.id = request.id;
    process.stdout.write(JSON.stringify(outcome) + "\n");
  });
});
