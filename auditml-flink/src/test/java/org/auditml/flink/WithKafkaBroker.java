package org.auditml.flink;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests of the Flink job through Kafka: the analysed fleet and a broker of their own, in process, for the class. */
abstract class WithKafkaBroker {
    static AnalyzedFleet fleet;
    static KafkaBroker broker;

    @BeforeAll
    static void startTheBroker() throws Exception {
        fleet = AnalyzedFleet.get();
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopTheBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }
}
