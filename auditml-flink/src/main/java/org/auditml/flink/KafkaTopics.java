package org.auditml.flink;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

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
    public static SingleOutputStreamOperator<String> lines(StreamExecutionEnvironment env, String bootstrapServers,
                                                           String topic, String groupId, boolean bounded) {
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

    /**
     * Writes each document to {@code topic} exactly once, in transactions named from {@code transactionalIdPrefix}, as
     * records of the time they are written (see {@link ResultRecords}).
     */
    public static void write(DataStream<String> documents, String bootstrapServers, String topic,
                             String transactionalIdPrefix) {
        documents.sinkTo(KafkaSink.<String>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new ResultRecords(topic))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .build()).name("results to Kafka " + topic).uid("results-to-kafka");
    }

    /** Creates a topic of {@code partitions} partitions (one replica). */
    public static void create(String bootstrapServers, String topic, int partitions)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** Produces the non-blank lines of {@code files}, in order, to {@code topic}, as Auditbeat's Kafka output would; returns how many. */
    public static long produce(String bootstrapServers, String topic, List<Path> files) throws IOException {
        long n = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 20),
                new StringSerializer(), new StringSerializer())) {
            for (Path file : files) {
                try (BufferedReader in = AuditFileLines.open(file)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (!line.isBlank()) {
                            producer.send(new ProducerRecord<>(topic, line));
                            n++;
                        }
                    }
                }
            }
        }
        return n;
    }

    /**
     * Every committed document of a one-partition topic, in order, up to its end now. A transaction still open (its
     * commit on its way) is waited for: the documents of an aborted one are skipped.
     */
    public static void readCommitted(String bootstrapServers, String topic, Consumer<String> sink) {
        TopicPartition p = new TopicPartition(topic, 0);
        long end;
        try (KafkaConsumer<String, String> uncommitted = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(),
                new StringDeserializer())) {
            end = uncommitted.endOffsets(List.of(p)).get(p);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            while (consumer.position(p) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    sink.accept(r.value());
                }
            }
        }
    }
}
