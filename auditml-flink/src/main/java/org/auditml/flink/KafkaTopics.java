package org.auditml.flink;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink job's Kafka ends: Auditbeat's {@code output.kafka} topic in, result documents out, each once per
 * checkpoint (a transactional sink: readers with {@code isolation.level=read_committed} see a checkpoint's
 * documents when it completes).
 */
public final class KafkaTopics {
    /** Kafka's default largest transaction timeout is 15 minutes; a transaction lives a checkpoint interval. */
    private static final String TRANSACTION_TIMEOUT_MS = "60000";

    private KafkaTopics() {
    }

    /**
     * The topic's Auditbeat JSON lines, read by one task so that event time follows the topic's order (a
     * one-partition topic, or Auditbeat events spread over partitions in time order). {@code bounded}: up to the
     * offsets the topic had when the job started, then the job ends (and closes its open buckets).
     */
    public static DataStream<String> lines(StreamExecutionEnvironment env, String bootstrapServers, String topic,
                                           String groupId, boolean bounded) {
        var builder = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new SimpleStringSchema());
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), "Kafka " + topic).setParallelism(1);
    }

    /** Writes each document to {@code topic} exactly once, in transactions named from {@code transactionalIdPrefix}. */
    public static void write(DataStream<String> documents, String bootstrapServers, String topic,
                             String transactionalIdPrefix) {
        documents.sinkTo(KafkaSink.<String>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .build()).name("results to Kafka " + topic);
    }
}
