package org.auditml.flink;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job jar {@code flink run} takes: FlinkJobMain as its main class, auditml's parts, the Kafka connector and its
 * client, and none of the Flink a cluster has (its runtime, its streaming API) nor a logging backend.
 */
class FlinkJobJarIT {

    @Test
    void holdsTheJobAndTheConnector_notFlinkItself() throws Exception {
        Path jar = Path.of(System.getProperty("auditml.flinkJobJar"));
        assertThat(jar).isRegularFile();
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("org.auditml.flink.FlinkJobMain");
            assertThat(j.getEntry("org/auditml/flink/FlinkJobMain.class")).isNotNull();
            assertThat(j.getEntry("org/auditml/engine/series/JobSeries.class")).isNotNull();
            assertThat(j.getEntry("org/auditml/read/beat/BeatEventParser.class")).isNotNull();
            // the built-in modules' files, which each task sets its jobs up from
            assertThat(j.stream().map(ZipEntry::getName))
                    .anyMatch(n -> n.startsWith("org/auditml/audit/module/kibana/auditbeat_process_hosts_ecs/"));
            assertThat(j.getEntry("org/apache/flink/connector/kafka/source/KafkaSource.class")).isNotNull();
            assertThat(j.getEntry("org/apache/kafka/clients/producer/KafkaProducer.class")).isNotNull();
            assertThat(j.getEntry("picocli/CommandLine.class")).isNotNull();
            assertThat(j.stream().map(ZipEntry::getName)).noneMatch(n -> n.startsWith("org/apache/flink/runtime/")
                    || n.startsWith("org/apache/flink/streaming/api/") || n.startsWith("org/apache/flink/api/common/")
                    || n.startsWith("org/apache/flink/connector/base/") || n.startsWith("org/apache/logging/log4j/")
                    || n.startsWith("org/slf4j/"));
        }
        assertThat(Files.size(jar)).isLessThan(100L << 20);
    }
}
