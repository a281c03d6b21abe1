package org.auditml.service.alert;

import org.auditml.store.AlertTable;

import java.io.IOException;

/** Where alerts go. A delivery that throws is tried again later; one that returns was taken. */
interface AlertSink extends AutoCloseable {
    void deliver(AlertTable.Alert alert) throws IOException;

    @Override
    default void close() {
    }

    /** The sink an alerts file configures. */
    static AlertSink of(AlertConfig.SinkSpec spec) {
        return switch (spec.type()) {
            case "webhook" -> new WebhookSink(spec.url(), spec.headers());
            case "ndjson" -> new NdjsonSink(spec.path());
            case "stdout" -> alert -> {
                System.out.println(alert.body());
                System.out.flush();
            };
            case "syslog" -> new SyslogSink(spec);
            default -> throw new IllegalArgumentException("no sink of type " + spec.type());
        };
    }
}
