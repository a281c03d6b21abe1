package org.auditml.flink;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Auditbeat events produced to a Kafka topic, run through the Flink job with checkpoints and its exactly-once sink,
 * read back committed: the result documents of {@code analyze}, each once.
 */
class KafkaParityTest {
    private static final String EVENTS = "auditbeat";
    private static AnalyzedFleet fleet;
    private static KafkaBroker broker;

    @BeforeAll
    static void produceTheFleet() throws Exception {
        fleet = AnalyzedFleet.get();
        broker = KafkaBroker.start();
        broker.createTopic(EVENTS, 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new StringSerializer())) {
            for (String line : Files.readAllLines(fleet.fleet.file())) {
                producer.send(new ProducerRecord<>(EVENTS, line));
            }
        }
    }

    @AfterAll
    static void stopTheBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void kafkaInAndOutGivesTheResultsOfAnalyze(int parallelism) throws Exception {
        String results = "results-" + parallelism;
        broker.createTopic(results, 1);
        StreamExecutionEnvironment env = LocalFlink.environment(parallelism);
        env.enableCheckpointing(500);
        KafkaTopics.write(AuditmlFlinkJob.results(KafkaTopics.lines(env, broker.bootstrapServers(), EVENTS,
                        "auditml-" + parallelism, true), new JobSet(AnalyzedFleet.MODULE, "")),
                broker.bootstrapServers(), results, "auditml-results-" + parallelism);
        env.execute("auditml at parallelism " + parallelism);

        FlinkParityTest.assertSameResults(ResultLines.byJob(committed(results)), fleet.analyzed);
    }

    /** Every committed document of a topic, in order. */
    private static List<String> committed(String topic) {
        List<String> docs = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            while (consumer.position(p) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    docs.add(r.value());
                }
            }
        }
        return docs;
    }
}
