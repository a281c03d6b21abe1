package org.auditml.audit;

import org.auditml.engine.TestEvent;
import org.auditml.engine.datafeed.Datafeed;
import org.auditml.engine.datafeed.DatafeedParser;
import org.auditml.engine.job.ConfigException;
import org.auditml.engine.module.Module;
import org.auditml.engine.module.ModuleFolder;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kibana module files auditml does not ship, kept as test data (test resources {@code kibana/}): a whole module
 * folder loads as Kibana wrote it, and each datafeed compiles, meaning what Elasticsearch means, or is refused by name.
 */
class KibanaTestModulesTest {
    private static Path kibana(String relative) throws Exception {
        return Path.of(KibanaTestModulesTest.class.getResource("/kibana/" + relative).toURI());
    }

    @Test
    void siemAuditbeatAuth_loadsUnchanged_andItsDatafeedKeepsAuditbeatsAuthenticationEvents() throws Exception {
        ModuleFolder folder = ModuleFolder.read(kibana("siem_auditbeat_auth"));
        folder.validate();
        Module module = Module.asShipped(folder);
        Module.SetUpJob job = module.setUp("").get(0);

        assertThat(job.job().jobId()).isEqualTo("suspicious_login_activity_ecs");
        TestEvent login = new TestEvent(0, Map.of("event.category", List.of("authentication"), "agent.type",
                List.of("auditbeat"), "host.name", List.of("bastion")));
        TestEvent rawLogin = new TestEvent(0, Map.of("event.category", List.of("authentication"), "host.name",
                List.of("bastion")));
        assertThat(job.datafeed().matches(login)).isTrue();
        assertThat(module.recognises(login)).isTrue();
        assertThat(job.datafeed().matches(rawLogin)).as("raw audit logs carry no agent.type").isFalse();
    }

    @Test
    void siemAuditbeatDatafeeds_eachCompilesOrIsRefusedByName() throws Exception {
        List<String> table = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> ml = Files.list(kibana("siem_auditbeat/ml"))) {
            files = ml.sorted().toList();
        }
        for (Path f : files) {
            try {
                DatafeedParser.parse(Files.readString(f), "job");
                table.add(f.getFileName() + ": compiled");
            } catch (ConfigException e) {
                assertThat(e.field()).as(f.getFileName() + " is refused naming the query part").startsWith("query");
                table.add(f.getFileName() + ": refused: " + e.getMessage());
            }
        }
        table.forEach(System.out::println);
        assertThat(table).hasSize(13);
        assertThat(table).filteredOn(l -> l.contains("discovery") || l.contains("sudo") || l.contains("metadata"))
                .allMatch(l -> l.endsWith("compiled"));
    }

    @Test
    void theAllHostsDatafeed_leavesJenkinsOut_whenItCompiles() throws Exception {
        String json = Files.readString(kibana("siem_auditbeat/ml/datafeed_linux_anomalous_process_all_hosts_ecs.json"));
        Datafeed feed;
        try {
            feed = DatafeedParser.parse(json, "job");
        } catch (ConfigException e) {
            // the wildcard query's {"wildcard": pattern} form; refused by name until the parser reads it
            assertThat(e.getMessage()).contains("wildcard");
            return;
        }
        Map<String, List<String>> run = Map.of("event.action", List.of("executed"), "agent.type",
                List.of("auditbeat"), "process.name", List.of("curl"), "user.name", List.of("alice"));
        assertThat(feed.matches(new TestEvent(0, run))).isTrue();
        assertThat(feed.matches(new TestEvent(0, Map.of("event.action", List.of("executed"), "agent.type",
                List.of("auditbeat"), "process.name", List.of("jenkins-agent"), "user.name", List.of("alice")))))
                .isFalse();
        assertThat(feed.matches(new TestEvent(0, Map.of("event.action", List.of("executed"), "agent.type",
                List.of("auditbeat"), "process.name", List.of("curl"), "user.name", List.of("jenkins"))))).isFalse();
    }
}
