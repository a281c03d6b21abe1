package org.auditml.audit;

import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.testkit.Corpus;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The view's quick answers for datafeed queries agree with the values it gives, on real events. */
class AuditEventViewTest {

    @Test
    void hasAndHasValue_agreeWithValues_onCorpusAndContainerEvents(@TempDir Path dir) throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("corpus")).read(List.of(Corpus.file("qiangwang-syscall/audit.log"),
                Corpus.file("auditbeat-module-testdata/centos7.log")), events::add);
        new AuditReader(ReaderOptions.defaults("demo")).read(List.of(DemoFleet.write(dir, 2).containerLog()), events::add);
        assertThat(events).hasSizeGreaterThan(100);

        long checked = 0;
        for (AuditEvent e : events) {
            AuditEventView view = new AuditEventView(e);
            Set<String> names = new TreeSet<>(e.fields().keySet());
            names.addAll(List.of("@timestamp", "process.title", "no.such.field", "container.id", "docker.container.id"));
            for (String name : names) {
                List<String> values = view.values(name);
                assertThat(view.has(name)).as(name).isEqualTo(!values.isEmpty());
                for (String v : values) {
                    assertThat(view.hasValue(name, v)).as(name + "=" + v).isTrue();
                }
                assertThat(view.hasValue(name, "\u0000not a value")).isFalse();
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }
}
