// Conformance adapter of the java.net.http SDK: JSON lines on stdin/stdout, logs on stderr.
//   javac -d build examples/clients/java-http/*.java
//   knowlify-conformance clients --adapter 'java -cp build KnowlifyAdapter'
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class KnowlifyAdapter {
    private static final String[] FIELDS = {"index", "status", "uuid", "queue_position", "code", "message"};
    private static List<Object> lastItems = List.of();
    private static Map<String, Object> lastBatch = Map.of();

    private static Map<String, Object> batch(Map<String, Object> answer, List<Long> indexes) {
        List<Object> rows = new ArrayList<>();
        List<Object> failed = new ArrayList<>();
        for (Object item : (List<?>) answer.get("results")) {
            Map<?, ?> r = (Map<?, ?>) item;
            Map<String, Object> row = new LinkedHashMap<>();
            for (String field : FIELDS) row.put(field, r.get(field));
            if (indexes != null) row.put("index", indexes.get(((Number) r.get("index")).intValue()));
            rows.add(row);
            if ("error".equals(row.get("status"))) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("index", row.get("index"));
                f.put("code", row.get("code"));
                f.put("message", row.get("message"));
                failed.add(f);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("results", rows);
        result.put("failed", failed);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> perform(KnowlifyClient client, String operation, Map<String, Object> args) throws Exception {
        switch (operation) {
            case "create_videos" -> {
                Map<String, Object> extra = new LinkedHashMap<>();
                for (String k : new String[] {"email", "org_id"}) if (args.containsKey(k)) extra.put(k, args.get(k));
                lastItems = (List<Object>) args.get("videos");
                lastBatch = client.createVideos(lastItems, extra);
                return batch(lastBatch, null);
            }
            case "resubmit_failed" -> {
                List<Long> failed = KnowlifyClient.failedIndexes(lastBatch);
                List<Object> items = new ArrayList<>();
                for (Long i : failed) items.add(lastItems.get(i.intValue()));
                return batch(client.createVideos(items, Map.of()), failed);
            }
            case "get_video" -> {
                Map<String, Object> v = client.call("GET", "/v1/videos/" + args.get("uuid"), null, null);
                Map<String, Object> result = new LinkedHashMap<>();
                for (String k : new String[] {"uuid", "status", "is_complete", "is_failed"}) result.put(k, v.get(k));
                return result;
            }
            default -> {
                Map<String, Object> edit = switch (operation) {
                    case "create_edit" -> client.createEdit(args);
                    case "get_edit" -> client.call("GET", "/v1/edits/" + args.get("edit_id"), null, null);
                    default -> client.call("POST", "/v1/edits/" + args.get("edit_id") + "/revert", null, null);
                };
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("edit_id", edit.get("edit_id"));
                result.put("status", edit.get("status"));
                return result;
            }
        }
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] argv) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            Map<String, Object> request = (Map<String, Object>) Json.parse(line);
            Map<String, Object> options = (Map<String, Object>) request.getOrDefault("options", Map.of());
            KnowlifyClient client = new KnowlifyClient((String) request.get("api_key"), (String) request.get("base_url"));
            if (options.get("max_attempts") instanceof Number n) client.maxAttempts = n.intValue();
            Map<String, Object> outcome = new LinkedHashMap<>();
            try {
                Map<String, Object> args = (Map<String, Object>) request.getOrDefault("arguments", Map.of());
                Map<String, Object> result = perform(client, (String) request.get("operation"), args);
                outcome.put("ok", true);
                outcome.put("result", result);
            } catch (Exception exc) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("type", exc.getClass().getSimpleName());
                boolean api = exc instanceof KnowlifyClient.ApiException;
                error.put("status", api ? ((KnowlifyClient.ApiException) exc).status : null);
                error.put("detail", api ? ((KnowlifyClient.ApiException) exc).detail : null);
                error.put("message", String.valueOf(exc.getMessage()));
                outcome.put("ok", false);
                outcome.put("error", error);
            }
            outcome.put("id", request.get("id"));
            out.println(Json.write(outcome));
        }
    }
}
