// A minimal fetch-based client for the Knowlify API v1 (Node.js 18+, no dependencies).
//
// What it does, as the contract asks: every non-2xx becomes an APIStatusError carrying the
// status and the server's `detail` verbatim (null when the body has none, e.g. an HTML 502);
// 429 is retried after Retry-After seconds and 500 with exponential backoff from 2 s, at most
// `maxAttempts` attempts; other errors are never retried; one Idempotency-Key per edit, reused
// by its retries; redirects are followed by hand so the key never leaves its origin; batches
// outside 1-50 are refused before sending; resubmitFailed() sends only the failed items and
// maps the answer back to the original indexes.

import { randomUUID } from "node:crypto";

export class KnowlifyError extends Error {}

export class APIStatusError extends KnowlifyError {
  constructor(statusCode, detail, reason) {
    super(`${statusCode} ${reason}: ${detail ?? "(no detail in the body)"}`);
    this.name = "APIStatusError";
    this.statusCode = statusCode;
    this.detail = detail;
  }
}

export class RequestValidationError extends KnowlifyError {
  constructor(message) {
    super(message);
    this.name = "RequestValidationError";
  }
}

export class TransportError extends KnowlifyError {
  constructor(message) {
    super(message);
    this.name = "TransportError";
  }
}

const NO_RETRY = new Set([400, 401, 402, 403, 404, 409, 415, 422]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const sleepReal = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export class KnowlifyClient {
  #apiKey;

  constructor(apiKey, { baseUrl = "https://api.knowlify.com", maxAttempts = 4, sleep = sleepReal } = {}) {
    this.#apiKey = apiKey; // private: never in JSON.stringify, util.inspect or messages
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.maxAttempts = maxAttempts;
    this.sleep = sleep;
  }

  async createVideos(videos, { email, orgId } = {}) {
    if (!Array.isArray(videos) || videos.length < 1 || videos.length > 50) {
      throw new RequestValidationError(`a batch holds 1-50 videos; this one has ${videos?.length ?? 0}`);
    }
    const body = { videos };
    if (email !== undefined) body.email = email;
    if (orgId !== undefined) body.org_id = orgId;
    const answer = await this.#request("POST", "/v1/videos", { body });
    return { items: videos, rows: answer.results ?? [], raw: answer };
  }

  failures(batch) {
    return batch.rows.filter((row) => row.status === "error");
  }

  async resubmitFailed(batch) {
    const indexes = this.failures(batch).map((row) => row.index).sort((a, b) => a - b);
    if (indexes.length === 0) return { items: batch.items, rows: [], raw: {} };
    const resent = await this.createVideos(indexes.map((i) => batch.items[i]));
    const rows = resent.rows.map((row) => ({ ...row, index: indexes[row.index] ?? row.index }));
    return { items: batch.items, rows, raw: resent.raw };
  }

  getVideo(uuid) {
    return this.#request("GET", `/v1/videos/${encodeURIComponent(uuid)}`);
  }

  createEdit(videoUuid, editRequest, { referenceImageUrls, aspectRatio, idempotencyKey } = {}) {
    const body = { video_uuid: videoUuid, edit_request: editRequest };
    if (referenceImageUrls !== undefined) body.reference_image_urls = referenceImageUrls;
    if (aspectRatio !== undefined) body.aspect_ratio = aspectRatio;
    const key = idempotencyKey ?? randomUUID();
    return this.#request("POST", "/v1/edits", { body, headers: { "Idempotency-Key": key } });
  }

  getEdit(editId) {
    return this.#request("GET", `/v1/edits/${encodeURIComponent(editId)}`);
  }

  revertEdit(editId) {
    return this.#request("POST", `/v1/edits/${encodeURIComponent(editId)}/revert`);
  }

  async #request(method, path, { body, headers = {} } = {}) {
    for (let attempt = 1; ; attempt++) {
      const response = await this.#send(method, this.baseUrl + path, body, headers);
      const text = await response.text();
      if (response.ok) {
        try {
          return JSON.parse(text);
        } catch {
          throw new KnowlifyError(`${response.status} answer to ${method} ${path} is not JSON`);
        }
      }
      const error = new APIStatusError(response.status, detailOf(text), response.statusText);
      if (NO_RETRY.has(response.status) || attempt >= this.maxAttempts) throw error;
      if (response.status === 429) {
        const retryAfter = Number(response.headers.get("retry-after"));
        await this.sleep(Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 2 ** attempt);
      } else if (response.status === 500) {
        await this.sleep(2 * 2 ** (attempt - 1));
      } else {
        throw error;
      }
    }
  }

  async #send(method, url, body, headers) {
    const origin = new URL(url).origin;
    for (let hop = 0; hop <= 3; hop++) {
      const sameOrigin = new URL(url).origin === origin;
      const sent = { Accept: "application/json", ...headers };
      if (sameOrigin) sent["X-API-Key"] = this.#apiKey;
      if (body !== undefined) sent["Content-Type"] = "application/json";
      let response;
      try {
        response = await fetch(url, {
          method,
          headers: sent,
          body: body === undefined ? undefined : JSON.stringify(body),
          redirect: "manual",
        });
      } catch (error) {
        throw new TransportError(`${method} ${new URL(url).pathname}: ${error.cause?.code ?? error.name}`);
      }
      const location = response.headers.get("location");
      if (!REDIRECTS.has(response.status) || !location) return response;
      await response.arrayBuffer();
      url = new URL(location, url).toString();
      if (response.status === 303) {
        method = "GET";
        body = undefined;
      }
    }
    throw new TransportError(`${method}: too many redirects`);
  }
}

function detailOf(text) {
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed.detail === "string" ? parsed.detail : null;
  } catch {
    return null;
  }
}
