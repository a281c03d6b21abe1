package org.auditml.read;

/**
 * A line that could not be read as it should: where it is and why. Printed as {@code audit.log:1832: reason: excerpt}.
 */
public record ParseProblem(String source, long line, String reason, String excerpt) {
    private static final int EXCERPT_CHARS = 80;

    public static ParseProblem of(String source, long line, String reason, String text) {
        String excerpt = text == null ? "" : text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS) + "…";
        return new ParseProblem(source, line, reason, excerpt);
    }

    @Override
    public String toString() {
        return source + ":" + line + ": " + reason + (excerpt.isEmpty() ? "" : ": " + excerpt);
    }
}
