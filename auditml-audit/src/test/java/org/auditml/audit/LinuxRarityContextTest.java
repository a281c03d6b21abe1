package org.auditml.audit;

import org.auditml.engine.TestEvent;
import org.auditml.engine.context.ContextTerm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Who ran a rare program, said with the user's name when the events give it. */
class LinuxRarityContextTest {
    private final LinuxRarityContext context = new LinuxRarityContext();

    @Test
    void aSystemAccount_isNamedWhenTheEventsNameIt_elseByItsUid() {
        assertThat(reasons(Set.of("backup"), Set.of("34"))).contains("run by the system account backup (uid 34)");
        assertThat(reasons(Set.of(), Set.of("34"))).contains("run by the system account uid 34");
        assertThat(reasons(Set.of("www-data"), Set.of("33"))).contains("run by the service account www-data");
    }

    @Test
    void aPersonOrRoot_isNoAccountTerm() {
        assertThat(reasons(Set.of("alice"), Set.of("1001"))).noneMatch(r -> r.startsWith("run by"));
        assertThat(reasons(Set.of("root"), Set.of("0"))).noneMatch(r -> r.startsWith("run by"));
    }

    @Test
    void aShellStartedByTheDatabase_isNamedWithItsAncestry_anAdministratorsShellIsNot() {
        exec(0, "db-01", 500, 1, "/usr/lib/postgresql/15/bin/postgres");
        exec(1_000, "db-01", 700, 500, "/bin/sh");
        exec(1_010, "db-01", 700, 500, "/usr/bin/nc"); // sh execs nc: the same process
        exec(2_000, "bastion-01", 900, 1, "/usr/sbin/sshd");
        exec(2_100, "bastion-01", 901, 900, "/usr/bin/bash");
        exec(2_200, "bastion-01", 902, 901, "/usr/bin/socat");

        assertThat(context.weigh("/usr/bin/nc", Map.of())).extracting(ContextTerm::reason, ContextTerm::factor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("started by postgres → sh → nc", 1.0));
        assertThat(context.weigh("nc", Map.of())).extracting(ContextTerm::reason)
                .containsExactly("started by postgres → sh → nc");
        assertThat(context.weigh("/usr/bin/socat", Map.of())).isEmpty(); // sshd serves people: their tools are theirs
        assertThat(context.weigh("/usr/bin/unknown", Map.of())).isEmpty();
    }

    private void exec(long t, String host, long pid, long ppid, String exe) {
        context.observe(new TestEvent(1_762_732_800_000L + t, Map.of("host.name", List.of(host),
                "process.pid", List.of(Long.toString(pid)), "process.parent.pid", List.of(Long.toString(ppid)),
                "process.executable", List.of(exe), "auditd.data.syscall", List.of("execve"))));
    }

    private List<String> reasons(Set<String> names, Set<String> ids) {
        return context.weigh("/usr/local/bin/tool", Map.of(LinuxRarityContext.USER_NAME, names,
                LinuxRarityContext.USER_ID, ids)).stream().map(ContextTerm::reason).toList();
    }
}
