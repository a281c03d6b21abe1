package org.auditml.engine.job;

import java.util.List;

/**
 * A job or datafeed configuration that cannot be used: each problem names the field by its JSON path
 * ({@code analysis_config.detectors[1].by_field_name}) and says what is wrong.
 */
public final class ConfigException extends RuntimeException {
    /** One problem: the field's path and the reason. */
    public record Problem(String field, String reason) {
        @Override
        public String toString() {
            return field + ": " + reason;
        }
    }

    private final List<Problem> problems;

    public ConfigException(String field, String reason) {
        this(List.of(new Problem(field, reason)));
    }

    public ConfigException(List<Problem> problems) {
        this("job", problems);
    }

    /** Problems with a configuration of {@code kind} ("job", "datafeed"). */
    public ConfigException(String kind, List<Problem> problems) {
        super(message(kind, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The first problem's field. */
    public String field() {
        return problems.get(0).field();
    }

    private static String message(String kind, List<Problem> problems) {
        if (problems.size() == 1) {
            return "invalid " + kind + " config: " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder("invalid " + kind + " config (" + problems.size() + " problems):");
        problems.forEach(p -> sb.append("\n  ").append(p));
        return sb.toString();
    }
}
