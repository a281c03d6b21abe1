package org.auditml.flink;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.auditml.flink.raw.RawReading;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.read.accounts.HostAccounts;
import org.auditml.read.ecs.EcsJsonWriter;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The raw stage's events are the reader's: a real log of an old kernel (no PROCTITLE: its events close on auditd's
 * window, records out of order), without {@code node=}, its ids named from a passwd file, gives on Flink the events
 * {@code analyze}'s reader gives, in the same order; and the same after a failure mid-stream, the open events
 * restored from a checkpoint.
 */
class RawEventsTest {
    private static final String LOG = "qiangwang-syscall/audit.log";
    private static final String HOST = "corpus-host";

    @Test
    void aRealLogGivesTheReadersEventsWithTheHostsNames(@TempDir Path dir) throws Exception {
        Path passwd = passwd(dir);
        List<String> expected = readerEvents(Corpus.root().resolve(LOG), passwd);
        assertThat(expected).hasSizeGreaterThan(2_000).anySatisfy(e -> assertThat(e).contains("\"name\":\"xys\""));

        assertThat(onFlink(Corpus.root().resolve(LOG), reading(passwd), UnaryOperator.identity(), false))
                .isEqualTo(expected);
    }

    @Test
    void aFailureMidStream_restoresTheOpenEventsFromACheckpoint(@TempDir Path dir) throws Exception {
        Path passwd = passwd(dir);
        Path log = Corpus.root().resolve(LOG);
        List<String> expected = readerEvents(log, passwd);
        FailOnceAfterACheckpoint.FAILED.set(false);
        try {
            List<String> events = onFlink(log, reading(passwd),
                    lines -> lines.map(new FailOnceAfterACheckpoint(5_000)).setParallelism(1), true);

            assertThat(FailOnceAfterACheckpoint.FAILED).isTrue();
            assertThat(events).isEqualTo(expected);
        } finally {
            FailOnceAfterACheckpoint.FAILED.set(false); // for the next test that injects a failure
        }
    }

    @Test
    void aPasswdFileThatCannotBeReadIsRefusedBeforeTheJobIsBuilt(@TempDir Path dir) {
        Path missing = dir.resolve("passwd");
        assertThatThrownBy(() -> new RawReading(HOST, List.of(HOST + "=" + missing), List.of(), null))
                .hasMessage("cannot read the passwd file " + missing + " for host " + HOST + ": no such file");
        assertThatThrownBy(() -> RawReading.withHost(" "))
                .hasMessage("--host: give the host.name of raw records without node=");
    }

    private static RawReading reading(Path passwd) {
        return new RawReading(HOST, List.of(HOST + "=" + passwd), List.of(), null);
    }

    /** The log's user, whose uid is in the log but not its name. */
    private static Path passwd(Path dir) throws Exception {
        return Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "xys:x:1000:1000:xys:/home/xys:/bin/bash\n");
    }

    /** The events of {@code log} as {@code analyze}'s reader gives them, as Auditbeat JSON. */
    private static List<String> readerEvents(Path log, Path passwd) {
        List<String> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults(HOST).withAccounts(HostAccounts.builder().passwd(HOST, passwd).build()))
                .read(List.of(log), e -> events.add(EcsJsonWriter.toJson(e)));
        return events;
    }

    private static List<String> onFlink(Path log, RawReading reading, UnaryOperator<DataStream<String>> before,
                                        boolean checkpoints) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(2);
        if (checkpoints) {
            env.enableCheckpointing(100);
        }
        List<String> events = new ArrayList<>();
        try (CloseableIterator<String> it = AuditmlFlinkJob.rawEvents(
                before.apply(AuditmlFlinkJob.fileLines(env, List.of(log))), reading).executeAndCollect("raw events")) {
            it.forEachRemaining(events::add);
        }
        return events;
    }
}
