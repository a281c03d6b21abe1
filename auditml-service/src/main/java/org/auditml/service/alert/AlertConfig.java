package org.auditml.service.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.job.TimeValue;
import org.auditml.service.RequestException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An alerts file ({@code serve --alerts FILE}): named sinks, and rules saying which anomalies (a job's, or a job
 * group's, e.g. a module's; at or above a record score) go to which sinks. Read whole and checked before anything
 * starts; a mistake is refused naming the file and the field.
 *
 * <pre>{"sinks": {"soc": {"type": "webhook", "url": "https://...", "headers": {...}},
 *            "log": {"type": "ndjson", "path": "/var/log/auditml/alerts.ndjson"}},
 *  "rules": [{"group": "auditbeat", "min_score": 75, "sinks": ["soc", "log"]}],
 *  "retry": {"max_attempts": 10, "initial_backoff": "1s", "max_backoff": "10m"}}</pre>
 */
public record AlertConfig(Map<String, SinkSpec> sinks, List<Rule> rules, Retry retry) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which anomalies go to which sinks: of a job (id or wildcard pattern) or a group, or of every job (neither). */
    public record Rule(String job, String group, double minScore, List<String> sinks) {
        boolean matches(org.auditml.engine.job.Job j, double score) {
            if (score < minScore) {
                return false;
            }
            if (job != null) {
                return j.jobId().matches(java.util.regex.Pattern.quote(job).replace("*", "\\E.*\\Q"));
            }
            return group == null || j.groups().contains(group);
        }
    }

    /** A sink as configured: its name, its type and the settings of that type. */
    public record SinkSpec(String name, String type, URI url, Map<String, String> headers, Path path, String host,
                           int port, String protocol) {
    }

    /** How failed deliveries are tried again: exponential back-off from {@code initial} up to {@code max}. */
    public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public static final Retry DEFAULT = new Retry(10, Duration.ofSeconds(1), Duration.ofMinutes(10));

        /** When to try again after {@code attempts} failed attempts. */
        public long nextAttempt(long now, int attempts) {
            long delay = initialBackoff.toMillis();
            for (int i = 1; i < attempts && delay < maxBackoff.toMillis(); i++) {
                delay *= 2;
            }
            return now + Math.min(delay, maxBackoff.toMillis());
        }
    }

    public AlertConfig {
        sinks = Map.copyOf(sinks);
        rules = List.copyOf(rules);
    }

    /** Reads and checks an alerts file. */
    public static AlertConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new RequestException("cannot read the alerts file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses and checks an alerts file's text ({@code source} names it in errors). */
    public static AlertConfig parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RequestException(source + ": not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr());
        }
        Reader r = new Reader(source);
        r.only(root, "", Set.of("sinks", "rules", "retry"));
        JsonNode sinksNode = root.path("sinks");
        if (!sinksNode.isObject() || sinksNode.isEmpty()) {
            throw r.problem("sinks", "must be an object naming at least one sink, e.g. {\"log\": {\"type\": \"stdout\"}}");
        }
        Map<String, SinkSpec> sinks = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = sinksNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sinks.put(e.getKey(), r.sink(e.getKey(), e.getValue()));
        }
        JsonNode rulesNode = root.path("rules");
        if (!rulesNode.isArray() || rulesNode.isEmpty()) {
            throw r.problem("rules", "must be an array of at least one rule, e.g. [{\"min_score\": 75, \"sinks\": [\"log\"]}]");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < rulesNode.size(); i++) {
            rules.add(r.rule("rules[" + i + "]", rulesNode.get(i), sinks.keySet()));
        }
        return new AlertConfig(sinks, rules, r.retry(root.path("retry")));
    }

    /** Reads the parts of one file, naming it and the field in what it refuses. */
    private record Reader(String source) {
        RequestException problem(String field, String what) {
            return new RequestException(source + ": " + field + " " + what);
        }

        void only(JsonNode node, String at, Set<String> known) {
            if (!node.isObject()) {
                throw problem(at.isEmpty() ? "the file" : at, "must be a JSON object");
            }
            node.fieldNames().forEachRemaining(f -> {
                if (!known.contains(f)) {
                    throw problem((at.isEmpty() ? "" : at + ".") + f, "is not a known field (" + String.join(", ",
                            known.stream().sorted().toList()) + ")");
                }
            });
        }

        String text(JsonNode node, String field, boolean required) {
            JsonNode v = node.get(field.substring(field.lastIndexOf('.') + 1));
            if (v == null || v.isNull()) {
                if (required) {
                    throw problem(field, "must be set");
                }
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                throw problem(field, "must be a non-empty string");
            }
            return v.asText();
        }

        SinkSpec sink(String name, JsonNode node) {
            String at = "sinks." + name;
            if (!node.isObject()) {
                throw problem(at, "must be an object with a type");
            }
            String type = text(node, at + ".type", true);
            return switch (type) {
                case "webhook" -> {
                    only(node, at, Set.of("type", "url", "headers"));
                    String url = text(node, at + ".url", true);
                    URI uri;
                    try {
                        uri = URI.create(url);
                    } catch (IllegalArgumentException e) {
                        throw problem(at + ".url", "is not a URL: " + e.getMessage());
                    }
                    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                        throw problem(at + ".url", "must be an http:// or https:// URL with a host, not '" + url + "'");
                    }
                    Map<String, String> headers = new LinkedHashMap<>();
                    JsonNode h = node.path("headers");
                    if (!h.isMissingNode()) {
                        if (!h.isObject()) {
                            throw problem(at + ".headers", "must be an object of header names to values");
                        }
                        h.fields().forEachRemaining(f -> {
                            if (!f.getValue().isTextual()) {
                                throw problem(at + ".headers." + f.getKey(), "must be a string");
                            }
                            headers.put(f.getKey(), f.getValue().asText());
                        });
                    }
                    yield new SinkSpec(name, type, uri, headers, null, null, 0, null);
                }
                case "ndjson" -> {
                    only(node, at, Set.of("type", "path"));
                    Path path = Path.of(text(node, at + ".path", true));
                    Path parent = path.toAbsolutePath().getParent();
                    if (parent == null || !Files.isDirectory(parent)) {
                        throw problem(at + ".path", "is in no existing directory: " + path);
                    }
                    if (Files.isDirectory(path)) {
                        throw problem(at + ".path", "is a directory; give a file: " + path);
                    }
                    yield new SinkSpec(name, type, null, Map.of(), path, null, 0, null);
                }
                case "stdout" -> {
                    only(node, at, Set.of("type"));
                    yield new SinkSpec(name, type, null, Map.of(), null, null, 0, null);
                }
                case "syslog" -> {
                    only(node, at, Set.of("type", "host", "port", "protocol", "socket"));
                    String socket = text(node, at + ".socket", false);
                    String host = text(node, at + ".host", false);
                    if (socket != null) {
                        if (host != null || node.has("port")) {
                            throw problem(at, "takes either socket (e.g. /dev/log) or host and port, not both");
                        }
                        yield new SinkSpec(name, type, null, Map.of(), Path.of(socket), null, 0, "unix");
                    }
                    if (host == null) {
                        throw problem(at + ".host", "must be set (or socket, e.g. \"/dev/log\")");
                    }
                    JsonNode port = node.path("port");
                    if (!port.canConvertToInt() || !port.isIntegralNumber() || port.asInt() < 1 || port.asInt() > 65535) {
                        throw problem(at + ".port", "must be a port number from 1 to 65535 (syslog: 514)");
                    }
                    String protocol = node.has("protocol") ? text(node, at + ".protocol", true) : "udp";
                    if (!protocol.equals("udp") && !protocol.equals("tcp")) {
                        throw problem(at + ".protocol", "must be udp or tcp, not '" + protocol + "'");
                    }
                    yield new SinkSpec(name, type, null, Map.of(), null, host, port.asInt(), protocol);
                }
                default -> throw problem(at + ".type", "must be webhook, ndjson, stdout or syslog, not '" + type + "'");
            };
        }

        Rule rule(String at, JsonNode node, Set<String> sinkNames) {
            only(node, at, Set.of("job", "group", "min_score", "sinks"));
            String job = text(node, at + ".job", false);
            String group = text(node, at + ".group", false);
            if (job != null && group != null) {
                throw problem(at, "takes a job or a group, not both (neither: every job)");
            }
            JsonNode score = node.path("min_score");
            if (!score.isNumber() || score.asDouble() < 0 || score.asDouble() > 100) {
                throw problem(at + ".min_score", "must be a record score from 0 to 100 (Elastic's critical: 75)");
            }
            JsonNode names = node.path("sinks");
            if (!names.isArray() || names.isEmpty()) {
                throw problem(at + ".sinks", "must be an array of sink names, e.g. [\"" + sinkNames.iterator().next() + "\"]");
            }
            List<String> sinks = new ArrayList<>();
            for (JsonNode n : names) {
                if (!sinkNames.contains(n.asText())) {
                    throw problem(at + ".sinks", "names '" + n.asText() + "', which is not one of the sinks ("
                            + String.join(", ", sinkNames) + ")");
                }
                sinks.add(n.asText());
            }
            return new Rule(job, group, score.asDouble(), sinks);
        }

        Retry retry(JsonNode node) {
            if (node.isMissingNode()) {
                return Retry.DEFAULT;
            }
            only(node, "retry", Set.of("max_attempts", "initial_backoff", "max_backoff"));
            JsonNode max = node.path("max_attempts");
            int attempts = Retry.DEFAULT.maxAttempts();
            if (!max.isMissingNode()) {
                if (!max.isIntegralNumber() || max.asInt() < 1) {
                    throw problem("retry.max_attempts", "must be a whole number of at least 1");
                }
                attempts = max.asInt();
            }
            Duration initial = duration(node, "retry.initial_backoff", Retry.DEFAULT.initialBackoff());
            Duration most = duration(node, "retry.max_backoff", Retry.DEFAULT.maxBackoff());
            if (most.compareTo(initial) < 0) {
                throw problem("retry.max_backoff", "must not be shorter than retry.initial_backoff");
            }
            return new Retry(attempts, initial, most);
        }

        private Duration duration(JsonNode node, String field, Duration dflt) {
            String text = text(node, field, false);
            if (text == null) {
                return dflt;
            }
            Duration d;
            try {
                d = TimeValue.parseDuration(text);
            } catch (IllegalArgumentException e) {
                throw problem(field, "must be a time value such as \"1s\" or \"5m\", not '" + text + "'");
            }
            if (d.isZero() || d.isNegative()) {
                throw problem(field, "must be positive, e.g. \"1s\"");
            }
            return d;
        }
    }
}
