// A Knowlify SDK on java.net.http.HttpClient (Java 11+), as a Java team would write it: the key
// in X-API-Key, 429 waits Retry-After, 5xx backs off 2 s, 4 s, 8 s ..., at most maxAttempts
// attempts, one Idempotency-Key per edit, batches checked before sending, redirects not
// followed (HttpClient's default). Written for the conformance corpus.
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

final class KnowlifyClient {
    static final class ApiException extends Exception {
        final Integer status;
        final Object detail;

        ApiException(Integer status, Object detail, String message) {
            super(message);
            this.status = status;
            this.detail = detail;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String apiKey;
    private final String baseUrl;
    int maxAttempts = 4;

    KnowlifyClient(String apiKey, String baseUrl) {
        this.apiKey = apiKey;
        this.baseUrl = baseUrl.replaceAll("/$", "");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> call(String method, String path, Object body, String idempotencyKey)
            throws ApiException, IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-API-Key", apiKey)
                    .header("Accept", "application/json");
            if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
            if (body != null) {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            if (status >= 200 && status < 300) return (Map<String, Object>) Json.parse(response.body());
            boolean retried = status == 429 || status >= 500;
            if (retried && attempt < maxAttempts) {
                long waitMillis = 2000L << (attempt - 1);
                if (status == 429) {
                    String retryAfter = response.headers().firstValue("Retry-After").orElse("");
                    try {
                        waitMillis = Math.round(Double.parseDouble(retryAfter) * 1000);
                    } catch (NumberFormatException ignored) {
                        // keep the backoff
                    }
                }
                Thread.sleep(waitMillis);
                continue;
            }
            Object detail = null;
            try {
                Object parsed = Json.parse(response.body());
                if (parsed instanceof Map<?, ?> map && map.get("detail") instanceof String text) detail = text;
            } catch (RuntimeException notJson) {
                detail = null;
            }
            throw new ApiException(status, detail, "Knowlify API " + status + ": " + (detail == null ? "(no detail)" : detail));
        }
    }

    Map<String, Object> createVideos(List<Object> videos, Map<String, Object> extra) throws Exception {
        if (videos.isEmpty() || videos.size() > 50) {
            throw new IllegalArgumentException("a batch holds 1-50 videos, not " + videos.size());
        }
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("videos", videos);
        return call("POST", "/v1/videos", body, null);
    }

    Map<String, Object> createEdit(Map<String, Object> arguments) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(arguments);
        Object key = body.remove("idempotency_key");
        return call("POST", "/v1/edits", body, key != null ? key.toString() : UUID.randomUUID().toString());
    }

    static List<Long> failedIndexes(Map<String, Object> batch) {
        List<Long> failed = new ArrayList<>();
        for (Object row : (List<?>) batch.get("results")) {
            Map<?, ?> r = (Map<?, ?>) row;
            if ("error".equals(r.get("status"))) failed.add(((Number) r.get("index")).longValue());
        }
        return failed;
    }
}
