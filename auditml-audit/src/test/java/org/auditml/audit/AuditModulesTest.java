package org.auditml.audit;

import org.auditml.engine.job.DetectorFunction;
import org.auditml.engine.TestEvent;
import org.auditml.engine.module.Module;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditModulesTest {
    private static final TestEvent HOST_EXEC = new TestEvent(0, Map.of("event.module",
            List.of("auditd"), "auditd.data.syscall", List.of("execve"), "host.name", List.of("web-01")));
    private static final TestEvent CONTAINER_EXEC = new TestEvent(0, Map.of("event.module",
            List.of("auditd"), "auditd.data.syscall", List.of("execve"), "container.id", List.of("abc")));

    @Test
    void builtIn_listsTheProcessModules_withKibanasJobs() {
        assertThat(AuditModules.builtIn()).extracting(Module::id)
                .containsExactly("auditbeat_process_docker_ecs", "auditbeat_process_hosts_ecs", "security_linux_v3");
        Module hosts = AuditModules.byId("auditbeat_process_hosts_ecs").orElseThrow();
        List<Module.SetUpJob> jobs = hosts.setUp("demo-");

        assertThat(jobs).extracting(j -> j.job().jobId()).containsExactly("demo-hosts_high_count_process_events_ecs",
                "demo-hosts_rare_process_activity_ecs");
        assertThat(jobs.get(1).job().analysisConfig().detectors().get(0).function()).isEqualTo(DetectorFunction.RARE);
        assertThat(jobs.get(1).job().analysisConfig().usesContext()).isTrue();
        assertThat(jobs.get(1).job().customSettings().path("custom_urls").findValuesAsText("url_name"))
                .containsExactly("Process explorer", "Raw data");
        assertThat(hosts.notes()).isNotEmpty();
    }

    @Test
    void securityLinux_hasElasticsV3Jobs_in15MinuteBuckets() {
        Module linux = AuditModules.byId("security_linux_v3").orElseThrow();
        List<Module.SetUpJob> jobs = linux.setUp("");

        assertThat(jobs).hasSize(14);
        assertThat(jobs).allSatisfy(j -> assertThat(j.job().analysisConfig().bucketSpanText()).isEqualTo("15m"));
        Module.SetUpJob sudo = jobs.stream().filter(j -> j.job().jobId().equals("v3_linux_rare_sudo_user")).findFirst().orElseThrow();
        TestEvent sudoByBob = new TestEvent(0, Map.of("event.category", List.of("process"), "event.type", List.of("start"),
                "process.name", List.of("sudo"), "user.name", List.of("bob")));
        assertThat(sudo.datafeed().matches(sudoByBob)).isTrue();
        assertThat(sudo.datafeed().matches(HOST_EXEC)).isFalse();
        assertThat(linux.recognises(sudoByBob)).isFalse(); // no event.module: not auditd data
    }

    @Test
    void recognises_hostsAndContainersApart() {
        Module hosts = AuditModules.byId("auditbeat_process_hosts_ecs").orElseThrow();
        Module docker = AuditModules.byId("auditbeat_process_docker_ecs").orElseThrow();

        assertThat(hosts.recognises(HOST_EXEC)).isTrue();
        assertThat(hosts.recognises(CONTAINER_EXEC)).isFalse();
        assertThat(docker.recognises(CONTAINER_EXEC)).isTrue();
        assertThat(docker.setUp("").get(0).datafeed().matches(HOST_EXEC)).isFalse();
    }

    @Test
    void setUp_givesEachJobItsDatafeedInElasticsShape() throws Exception {
        Module hosts = AuditModules.byId("auditbeat_process_hosts_ecs").orElseThrow();
        Module.SetUpJob rare = hosts.setUp("lab-").stream()
                .filter(j -> j.job().jobId().equals("lab-hosts_rare_process_activity_ecs")).findFirst().orElseThrow();

        com.fasterxml.jackson.databind.JsonNode feed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rare.datafeed().toJson());
        assertThat(feed.path("datafeed_id").asText()).isEqualTo("datafeed-lab-hosts_rare_process_activity_ecs");
        assertThat(feed.path("job_id").asText()).isEqualTo("lab-hosts_rare_process_activity_ecs");
        assertThat(feed.path("query").path("bool").isObject()).isTrue();
        assertThat(feed.has("indexes")).as("Kibana's placeholder index pattern is not kept").isFalse();
        assertThat(Module.SetUpJob.allEvents(rare.job()).datafeed().toJson()).contains("\"query\":{\"match_all\":{}}");
    }
}
