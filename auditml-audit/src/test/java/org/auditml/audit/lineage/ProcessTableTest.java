package org.auditml.audit.lineage;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A session whose truth is known: sshd starts bash, bash starts curl and sh, sh execs nc, pids come back. */
class ProcessTableTest {
    private static final long T = 1_762_732_800_000L;
    private static final String HOST = "web-01";

    private final ProcessTable table = new ProcessTable(24 * 3_600_000L, true);

    private LinkedProcess exec(long t, long pid, long ppid, String exe) {
        return table.add(new ProcessEvent(T + t, HOST, pid, ppid, exe, ProcessEvent.Kind.EXEC, null));
    }

    private void exit(long t, long pid, long ppid) {
        table.add(new ProcessEvent(T + t, HOST, pid, ppid, null, ProcessEvent.Kind.EXIT, null));
    }

    @Test
    void ancestryAndChildrenFollowPidsWhileTheyLive() {
        LinkedProcess sshd = exec(0, 900, 1, "/usr/sbin/sshd");
        LinkedProcess bash = exec(1_000, 1200, 900, "/usr/bin/bash");
        LinkedProcess curl = exec(2_000, 1300, 1200, "/usr/bin/curl");
        exit(2_500, 1300, 1200);
        LinkedProcess sh = exec(3_000, 1301, 1200, "/bin/sh");
        // on another host the same pids are other processes
        table.add(new ProcessEvent(T + 3_100, "db-01", 1302, 1200, "/usr/bin/psql", ProcessEvent.Kind.EXEC, null));

        assertThat(curl.ancestors()).containsExactly(bash, sshd);
        assertThat(table.children(bash)).containsExactly(curl, sh);
        assertThat(table.children(sshd)).containsExactly(bash);
        assertThat(table.children(curl)).isEmpty();
        assertThat(sshd.ancestors()).isEmpty(); // pid 1 is not in the events
        assertThat(curl.end()).isEqualTo(T + 2_500);
        assertThat(table.at(HOST, 1300, T + 2_200)).contains(curl);
        assertThat(table.at(HOST, 1300, T + 2_600)).isEmpty();
        assertThat(table.at("db-01", 1302, T + 4_000)).hasValueSatisfying(p -> assertThat(p.parent()).isNull());
    }

    @Test
    void anExecByTheSamePidReplacesItsImage() {
        LinkedProcess bash = exec(0, 1200, 900, "/usr/bin/bash");
        LinkedProcess sh = exec(1_000, 1301, 1200, "/bin/sh");
        LinkedProcess nc = exec(1_010, 1301, 1200, "/usr/bin/nc");

        assertThat(nc).isSameAs(sh);
        assertThat(nc.executable()).isEqualTo("/usr/bin/nc");
        assertThat(nc.images()).extracting(ProcessImage::executable).containsExactly("/bin/sh", "/usr/bin/nc");
        assertThat(nc.ancestors()).containsExactly(bash);
        assertThat(table.children(bash)).containsExactly(nc);
    }

    @Test
    void aPidSeenAgainAfterItsExitOrUnderAnotherParentOrAfterLongIsANewProcess() {
        LinkedProcess bash = exec(0, 1200, 900, "/usr/bin/bash");
        LinkedProcess first = exec(1_000, 1500, 1200, "/usr/bin/curl");
        exit(1_100, 1500, 1200);
        LinkedProcess afterExit = exec(2_000, 1500, 1200, "/usr/bin/curl");
        LinkedProcess otherParent = exec(3_000, 1500, 77, "/usr/bin/ls");
        LinkedProcess afterADay = exec(3_000 + 25 * 3_600_000L, 1500, 77, "/usr/bin/ls");
        // bash was last seen more than a day ago: a child of pid 1200 now is not bash's
        LinkedProcess orphan = exec(4_000 + 25 * 3_600_000L, 1600, 1200, "/usr/bin/id");

        assertThat(List.of(first, afterExit, otherParent, afterADay)).doesNotHaveDuplicates();
        assertThat(first.end()).isEqualTo(T + 1_100);
        assertThat(afterExit.end()).isEqualTo(T + 3_000); // its pid was taken
        assertThat(afterExit.parent()).isSameAs(bash);
        assertThat(otherParent.parent()).isNull();
        assertThat(orphan.parent()).isNull();
        assertThat(table.at(HOST, 1500, T + 2_500)).contains(afterExit);
        assertThat(table.at(HOST, 1500, T + 3_500)).contains(otherParent);
        assertThat(table.children(bash)).containsExactly(first, afterExit);
    }

    @Test
    void aChildKeepsItsParentAliveAndForgettingDropsTheIdle() {
        ProcessTable running = new ProcessTable(3_600_000L, false);
        LinkedProcess postgres = running.add(new ProcessEvent(T, HOST, 500, 1, "/usr/lib/postgresql/15/bin/postgres",
                ProcessEvent.Kind.EXEC, null));
        for (int h = 1; h <= 5; h++) {
            // a child every 50 minutes: the parent is never idle for an hour
            running.add(new ProcessEvent(T + h * 3_000_000L, HOST, 600 + h, 500, "/usr/bin/psql",
                    ProcessEvent.Kind.EXEC, null));
        }
        running.forget(T + 5 * 3_000_000L - 3_600_000L);
        LinkedProcess sh = running.add(new ProcessEvent(T + 5 * 3_000_000L + 60_000, HOST, 700, 500, "/bin/sh",
                ProcessEvent.Kind.EXEC, null));

        assertThat(sh.ancestors()).containsExactly(postgres);
        assertThat(running.size()).isEqualTo(4); // postgres, the last two psql, sh
    }
}
