package org.auditml.engine.context;

/**
 * One thing the context says about a rare value: a factor on its probability (above 1 makes it less surprising,
 * below 1 more) and, for the record's reason, what it was ("run by the service account www-data").
 */
public record ContextTerm(double factor, String reason) {
    public ContextTerm {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("a context factor must be positive and finite: " + factor);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a context term needs a reason");
        }
    }
}
