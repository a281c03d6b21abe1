package org.auditml.flink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sink that keeps what every run of the JVM wrote, in order, across a job stopped and another restored from its
 * savepoint (a collecting sink of Flink's would belong to one job).
 */
final class CollectedDocuments implements Sink<String> {
    static final List<String> DOCUMENTS = new CopyOnWriteArrayList<>();

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(String document, Context ctx) {
                DOCUMENTS.add(document);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
