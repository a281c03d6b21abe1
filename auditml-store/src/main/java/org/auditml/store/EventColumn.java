package org.auditml.store;

import java.util.List;

/**
 * The event fields kept as real columns of {@code events}: those the jobs, datafeeds and the UI filter and group on.
 * A field whose value does not fit its column (a list where text is expected, a control character) goes into the
 * extra JSON with the rest, so that every event reads back exactly as it was written.
 */
enum EventColumn {
    ACTION("event.action", "event_action", Kind.TEXT),
    CATEGORY("event.category", "event_category", Kind.TEXT_LIST),
    TYPE("event.type", "event_type", Kind.TEXT_LIST),
    OUTCOME("event.outcome", "event_outcome", Kind.TEXT),
    MODULE("event.module", "event_module", Kind.TEXT),
    EXECUTABLE("process.executable", "process_executable", Kind.TEXT),
    PROCESS_NAME("process.name", "process_name", Kind.TEXT),
    PID("process.pid", "process_pid", Kind.LONG),
    USER_NAME("user.name", "user_name", Kind.TEXT),
    USER_ID("user.id", "user_id", Kind.TEXT),
    CONTAINER_ID("container.id", "container_id", Kind.TEXT),
    CONTAINER_NAME("container.name", "container_name", Kind.TEXT);

    enum Kind {
        TEXT("VARCHAR"), TEXT_LIST("VARCHAR[]"), LONG("BIGINT");

        final String sqlType;

        Kind(String sqlType) {
            this.sqlType = sqlType;
        }
    }

    static final List<EventColumn> ALL = List.of(values());

    final String field;
    final String column;
    final Kind kind;

    EventColumn(String field, String column, Kind kind) {
        this.field = field;
        this.column = column;
        this.kind = kind;
    }

    /**
     * Whether {@code value} has this column's shape and no control characters (else it is kept in the extra JSON,
     * which escapes them: rows travel to DuckDB as tab-separated lines).
     */
    boolean fits(Object value) {
        return switch (kind) {
            case TEXT -> value instanceof String s && isPlain(s);
            case LONG -> value instanceof Long;
            case TEXT_LIST -> value instanceof List<?> list && isPlainList(list);
        };
    }

    private static boolean isPlainList(List<?> list) {
        for (Object v : list) {
            if (!(v instanceof String s) || s.isEmpty() || !isPlain(s)) {
                return false;
            }
        }
        return true;
    }

    /** Text without control characters. */
    static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20) {
                return false;
            }
        }
        return true;
    }
}
