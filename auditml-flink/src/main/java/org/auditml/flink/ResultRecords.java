package org.auditml.flink;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Result documents as records of the results topic, stamped with the time they are written, not with the result's
 * own time. A broker rolls and expires a topic's segments by its records' timestamps: results of events older than
 * the topic's retention (a replay, a backlog) would be deleted as soon as they were written, without an error.
 */
final class ResultRecords implements KafkaRecordSerializationSchema<String> {
    private final String topic;

    ResultRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(String document, KafkaSinkContext context, Long eventTime) {
        return new ProducerRecord<>(topic, document.getBytes(StandardCharsets.UTF_8));
    }
}
