package org.auditml.audit.lineage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The job's process table keeps a day of processes, and an hour of them once crowded. */
class RunningProcessesTest {
    private static final long T = 1_762_732_800_000L;
    private static final long MINUTE = 60_000L;

    private static ProcessEvent exec(long time, long pid, long ppid, String exe) {
        return new ProcessEvent(time, "web-01", pid, ppid, exe, ProcessEvent.Kind.EXEC, null);
    }

    @Test
    void aWeekOfAProcessAMinute_keepsAboutADay_andTheDaemonItsChildrenShowAlive() {
        RunningProcesses running = new RunningProcesses();
        running.add(exec(T, 100, 1, "/usr/sbin/nginx"));
        int minutes = 7 * 24 * 60;
        for (int m = 1; m <= minutes; m++) {
            running.add(exec(T + m * MINUTE, 1_000 + m, 100, "/usr/bin/php8.2"));
        }
        running.add(exec(T + (minutes + 1) * MINUTE, 99_999, 100, "/bin/sh"));

        // a day and at most an hour more of children, and nginx
        assertThat(running.size()).isBetween(24 * 60, 25 * 60 + 2);
        assertThat(running.chainOf("sh")).hasValueSatisfying(chain -> assertThat(chain)
                .extracting(LinkedProcess::executable).containsExactly("/usr/sbin/nginx", "/bin/sh"));
        assertThat(running.chainOf("/usr/bin/php8.2")).hasValueSatisfying(chain -> assertThat(chain.get(1).pid())
                .isEqualTo(1_000 + minutes));
        assertThat(running.chainOf("php8.2")).isEqualTo(running.chainOf("/usr/bin/php8.2"));
    }

    @Test
    void aCrowdedHost_keepsOnlyItsLastHourPastTheLimit() {
        RunningProcesses running = new RunningProcesses();
        int perMinute = 5_000;
        int minutes = 90;
        for (int i = 0; i < perMinute * minutes; i++) {
            running.add(exec(T + (long) i * MINUTE / perMinute, 10_000_000L + i, 1, "/usr/bin/true"));
        }
        // more than the limit arrive within an hour: the table holds about an hour of them, not all
        assertThat(running.size()).isLessThanOrEqualTo(61 * perMinute).isGreaterThan(RunningProcesses.MAX_PROCESSES);
    }
}
