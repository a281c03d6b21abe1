package org.auditml.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code auditml modules}: the built-in modules with their jobs. */
class ModulesCommandTest {

    @Test
    void modules_listsEachModuleWithItsJobs() {
        Cli cli = Cli.run("modules");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("auditbeat_process_hosts_ecs — ")
                .contains("    hosts_rare_process_activity_ecs  (1h, Rare process execution on hosts)")
                .contains("auditbeat_process_docker_ecs — ").contains("security_linux — ");
    }

    @Test
    void modules_ofAStoreThatIsNotThere_isRefused() {
        Cli cli = Cli.run("modules", "--db", "/nonexistent/auditml.duckdb");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith("error: no store at /nonexistent/auditml.duckdb");
    }
}
