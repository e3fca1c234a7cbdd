// A Knowlify SDK the way many Node ones are written: global fetch (Node 18+) and a retry loop.
// 429 waits Retry-After when given; 5xx waits 1 s, 2 s, 4 s ...; redirects are followed (fetch's
// default). Written for the conformance corpus: nothing here is tuned to pass.
import { randomUUID } from "node:crypto";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class KnowlifyError extends Error {
  constructor(status, detail, message) {
    super(message);
    this.name = "KnowlifyError";
    this.status = status;
    this.detail = detail;
  }
}

export class Knowlify {
  constructor(apiKey, { baseUrl = "https://api.knowlify.com", maxRetries = 3 } = {}) {
    this.apiKey = apiKey;
    this.baseUrl = baseUrl.replace(/\/$/, "");
    this.maxRetries = maxRetries;
  }

  async request(method, path, body, headers = {}) {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(this.baseUrl + path, {
        method,
        headers: { "X-API-Key": this.apiKey, "Content-Type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (response.ok) return response.json();
      const text = await response.text();
      let detail = null;
      try {
        detail = JSON.parse(text)?.detail ?? null;
      } catch {
        detail = null;
      }
      if ((response.status === 429 || response.status >= 500) && attempt < this.maxRetries) {
        const retryAfter = Number(response.headers.get("retry-after"));
        await sleep(response.status === 429 && retryAfter > 0 ? retryAfter * 1000 : 1000 * 2 ** attempt);
        continue;
      }
      throw new KnowlifyError(response.status, detail, `Knowlify ${response.status}: ${detail ?? response.statusText}`);
    }
  }

  async createVideos(videos, extra = {}) {
    const answer = await this.request("POST", "/v1/videos", { videos, ...extra });
    return { ...answer, items: videos };
  }

  async resubmitFailed(batch) {
    const failed = batch.results.filter((row) => row.status === "error").map((row) => row.index);
    const again = await this.createVideos(failed.map((index) => batch.items[index]));
    again.results = again.results.map((row) => ({ ...row, index: failed[row.index] }));
    return again;
  }

  getVideo(uuid) {
    return this.request("GET", `/v1/videos/${uuid}`);
  }

  createEdit(videoUuid, editRequest, { idempotencyKey, ...extra } = {}) {
    const key = idempotencyKey ?? randomUUID();
    return this.request("POST", "/v1/edits", { video_uuid: videoUuid, edit_request: editRequest, ...extra }, { "Idempotency-Key": key });
  }

  getEdit(editId) {
    return this.request("GET", `/v1/edits/${editId}`);
  }

  revertEdit(editId) {
    return this.request("POST", `/v1/edits/${editId}/revert`);
  }
}
