#!/usr/bin/env node
// The conformance adapter of the example client: JSON lines in (one request each), JSON lines
// out (one outcome each). See docs/client-adapter-protocol.md. Logs go to stderr only.
//
//   knowlify-conformance clients --adapter 'node examples/node-client/adapter.mjs'

import { createInterface } from "node:readline";
import { APIStatusError, KnowlifyClient } from "./knowlify.mjs";

const sessions = new Map(); // base_url + key -> { client, lastBatch }

function sessionFor(request) {
  const id = `${request.base_url} ${request.api_key}`;
  if (!sessions.has(id)) {
    sessions.set(id, { client: new KnowlifyClient(request.api_key, { baseUrl: request.base_url }), lastBatch: null });
  }
  return sessions.get(id);
}

function batchResult(client, batch) {
  const row = (r) => ({
    index: r.index,
    status: r.status,
    uuid: r.uuid ?? null,
    queue_position: r.queue_position ?? null,
    code: r.code ?? null,
    message: r.message ?? null,
  });
  return {
    results: batch.rows.map(row),
    failed: client.failures(batch).map((r) => ({ index: r.index, code: r.code ?? null, message: r.message ?? null })),
  };
}

async function perform(request) {
  const session = sessionFor(request);
  const client = session.client;
  client.maxAttempts = request.options?.max_attempts ?? 4;
  const args = request.arguments ?? {};
  switch (request.operation) {
    case "create_videos":
      session.lastBatch = await client.createVideos(args.videos, { email: args.email, orgId: args.org_id });
      return batchResult(client, session.lastBatch);
    case "resubmit_failed":
      return batchResult(client, await client.resubmitFailed(session.lastBatch));
    case "get_video": {
      const video = await client.getVideo(args.uuid);
      return { uuid: video.uuid, status: video.status, is_complete: video.is_complete, is_failed: video.is_failed };
    }
    case "create_edit": {
      const edit = await client.createEdit(args.video_uuid, args.edit_request, {
        referenceImageUrls: args.reference_image_urls,
        aspectRatio: args.aspect_ratio,
        idempotencyKey: args.idempotency_key,
      });
      return { edit_id: edit.edit_id, status: edit.status };
    }
    case "get_edit": {
      const edit = await client.getEdit(args.edit_id);
      return { edit_id: edit.edit_id, status: edit.status };
    }
    case "revert_edit": {
      const edit = await client.revertEdit(args.edit_id);
      return { edit_id: edit.edit_id, status: edit.status };
    }
    default:
      throw new Error(`unknown operation ${request.operation}`);
  }
}

async function answer(line) {
  const request = JSON.parse(line);
  try {
    return { id: request.id, ok: true, result: await perform(request) };
  } catch (error) {
    const status = error instanceof APIStatusError ? error.statusCode : null;
    const detail = error instanceof APIStatusError ? error.detail : null;
    return { id: request.id, ok: false, error: { type: error.name, status, detail, message: error.message } };
  }
}

// One request at a time, in order: the suite waits for each answer before the next line.
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  process.stdout.write(JSON.stringify(await answer(line)) + "\n");
}
