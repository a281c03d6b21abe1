package org.auditml.audit.lineage;

import org.auditml.audit.AuditEventView;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lineage over real audit logs of the shared corpus: LAUREL's process-tracking traces, whose comments draw the process
 * tree, and two long logs (a Fedora desktop's for the SPADE provenance system, an i386 host's sshd sessions) whose
 * clone records name each child's pid in their return value, a truth the lineage does not read.
 */
class CorpusLineageTest {
    private static final String HOST = "corpus";
    private static final long CLONE_THREAD = 0x10000;
    private static final Set<String> FORKS = Set.of("clone", "clone3", "fork", "vfork");

    private static List<AuditEvent> read(String file) throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults(HOST)).read(List.of(Corpus.file(file)), events::add);
        // the store's order: time, then auditd's serial (records of one millisecond may end in any order)
        events.sort(Comparator.comparingLong(AuditEvent::timestampMillis)
                .thenComparingLong(e -> e.get("auditd.sequence") instanceof Long l ? l : 0));
        return events;
    }

    private static ProcessTable lineage(List<AuditEvent> events) {
        ProcessTable table = new ProcessTable(86_400_000L, true);
        events.forEach(e -> table.add(ProcessEvent.of(new AuditEventView(e), e)));
        return table;
    }

    private static LinkedProcess last(ProcessTable table, long pid) {
        return table.at(HOST, pid, Long.MAX_VALUE - 1).orElseThrow(() -> new AssertionError("no process " + pid));
    }

    /** A clone with CLONE_THREAD in its flags (clone's first argument) makes a thread, not a child. */
    private static boolean isThread(AuditEvent clone) {
        String flags = clone.getString("auditd.data.a0");
        return "clone".equals(clone.getString("auditd.data.syscall")) && flags != null
                && (Long.parseUnsignedLong(flags, 16) & CLONE_THREAD) != 0;
    }

    private static List<Long> pids(List<LinkedProcess> processes) {
        return processes.stream().map(LinkedProcess::pid).toList();
    }

    /** The script's tree as the trace's comments draw it; the shuffled records give the same. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"laurel/shell-proc-trace.txt", "laurel/shell-proc-trace-reordered.txt"})
    void aShellPipeline_isTheTreeTheTraceDraws(String file) throws Exception {
        ProcessTable table = lineage(read(file));

        LinkedProcess echo = last(table, 71508);
        assertThat(echo.executable()).isEqualTo("/usr/bin/echo");
        assertThat(pids(echo.ancestors())).containsExactly(71506L, 71505L, 71432L);
        assertThat(echo.ancestors()).extracting(LinkedProcess::executable)
                .containsExactly("/usr/bin/dash", "/usr/bin/dash", "/usr/bin/bash");
        assertThat(pids(table.children(last(table, 71505)))).containsExactlyInAnyOrder(71506L, 71507L);
        assertThat(pids(table.children(last(table, 71506)))).containsExactlyInAnyOrder(71508L, 71509L);
        assertThat(last(table, 71507).executable()).isEqualTo("/usr/bin/grep");
        assertThat(last(table, 71509).executable()).isEqualTo("/usr/bin/sed");
        assertThat(table.children(echo)).isEmpty();
    }

    /** A child whose parent exits is given to init: its exec (ppid 1) is the same process, its images both. */
    @Test
    void anOrphanThatExecs_staysTheChildOfItsParent() throws Exception {
        ProcessTable table = lineage(read("laurel/fork-sleep-exec.txt"));

        LinkedProcess orphan = last(table, 1578540);
        assertThat(orphan.images()).extracting(ProcessImage::executable)
                .containsExactly("/home/user/bin/uncaring-parent", "/usr/bin/true");
        assertThat(pids(orphan.ancestors())).startsWith(1578539L);
    }

    /**
     * Every child a clone record names (its return value) that the log shows again is found as that clone's caller's
     * child, with no other parent.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spade-detector2.0/audit.log", "qiangwang-syscall/audit.log"})
    void eachChildTheKernelReturnedToAClone_hasTheClonerAsParent(String file) throws Exception {
        List<AuditEvent> events = read(file);
        ProcessTable table = lineage(events);
        int checked = 0;
        for (AuditEvent e : events) {
            long child = ProcessEvent.pidOf(e.getString("auditd.data.exit"));
            String syscall = e.getString("auditd.data.syscall");
            if (syscall == null || !FORKS.contains(syscall) || child <= 0 || isThread(e)) {
                continue;
            }
            long pid = ProcessEvent.pidOf(e.getString("process.pid"));
            LinkedProcess cloner = table.at(HOST, pid, e.timestampMillis()).orElseThrow();
            // the child's process: the first of that pid to start at or after the clone
            LinkedProcess forked = table.processes(HOST).stream()
                    .filter(p -> p.pid() == child && p.start() >= e.timestampMillis()).findFirst().orElse(null);
            if (forked == null) {
                continue; // a child the log does not show
            }
            assertThat(forked.parent()).as("parent of %s cloned at %d", child, e.timestampMillis()).isSameAs(cloner);
            checked++;
        }
        long linked = table.processes(HOST).stream().filter(p -> p.parent() != null).count();
        int deepest = table.processes(HOST).stream().mapToInt(p -> p.ancestors().size()).max().orElse(0);
        System.out.printf("lineage of %s: %d events, %d processes, %d with a parent in the log, deepest chain %d, "
                + "%d clone children checked%n", file, events.size(), table.processes(HOST).size(), linked, deepest,
                checked);
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }
}
