package org.auditml.audit;

import org.auditml.engine.TestEvent;
import org.auditml.engine.module.CoverageFinding;
import org.auditml.engine.module.DatafeedCoverage;
import org.auditml.engine.module.Module;
import org.auditml.engine.module.ModuleFolder;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kibana's module folders as shipped (test data as much as the built-in modules' source): each loads unchanged, each
 * job compiles, and each datafeed compiles or is refused by name; auditml's overlay changes only what it lists.
 */
class KibanaModulesTest {
    /** A raw auditd execve as read from a log without host metadata. */
    private static final Map<String, List<String>> RAW_EXEC = Map.of("event.module", List.of("auditd"),
            "event.category", List.of("process"), "event.type", List.of("start"), "process.name", List.of("nc"),
            "auditd.data.syscall", List.of("execve"), "host.name", List.of("web-01"), "user.name", List.of("www-data"));
    /** A raw auditd connect() likewise. */
    private static final Map<String, List<String>> RAW_CONNECT = Map.of("event.module", List.of("auditd"),
            "event.category", List.of("network"), "event.type", List.of("connection", "start"), "process.name",
            List.of("curl"), "destination.ip", List.of("10.0.0.9"), "destination.port", List.of("443"),
            "host.name", List.of("web-01"));

    @Test
    void eachFolder_loadsUnchanged_eachJobCompiles_eachDatafeedCompilesOrIsRefusedByName() throws Exception {
        List<String> table = new ArrayList<>();
        Map<String, String> sources = new HashMap<>();
        resource("kibana/SOURCES.tsv").lines().skip(1).forEach(l -> sources.put(l.split("\t")[0], l.split("\t")[1]));
        int datafeeds = 0;
        for (String id : AuditModules.ids()) {
            ModuleFolder folder = AuditModules.folder(id);
            assertThat(folder.id()).isEqualTo(id);
            for (String file : folder.files().keySet()) {
                assertThat(sources.get(id + "/" + file)).as("the origin of " + id + "/" + file)
                        .matches("[0-9a-f]{40}|reconstructed.*");
            }
            assertThat(Module.asShipped(folder).setUp("")).hasSize(folder.jobs().size());
            for (ModuleFolder.DatafeedCheck c : folder.datafeedChecks()) {
                datafeeds++;
                table.add(id + "/" + c.datafeedFile() + ": " + (c.compiles() ? "compiled" : "refused: " + c.refusal()));
                if (!c.compiles()) {
                    assertThat(c.refusal()).as("a refusal names the query part").contains("query");
                }
            }
        }
        table.forEach(System.out::println);
        assertThat(datafeeds).isEqualTo(18);
        // term, terms, exists, wildcard and bool are understood by every version of the query parser
        assertThat(table).filteredOn(l -> l.contains("hosts_") || l.contains("docker_")).allMatch(l -> l.endsWith("compiled"));
    }

    @Test
    void kibanasSecurityDatafeeds_matchNoRawEventWithoutHostOs_theOverlayDropsThatClause() {
        Module shipped = AuditModules.byId("security_linux_v3", false).orElseThrow();
        Module overlaid = AuditModules.byId("security_linux_v3", true).orElseThrow();
        TestEvent raw = new TestEvent(0, RAW_EXEC);
        Map<String, List<String>> withOs = new HashMap<>(RAW_EXEC);
        withOs.put("host.os.type", List.of("linux"));
        TestEvent linux = new TestEvent(0, withOs);

        Module.SetUpJob kibanaRare = job(shipped, "v3_rare_process_by_host_linux_ecs");
        Module.SetUpJob auditmlRare = job(overlaid, "v3_rare_process_by_host_linux_ecs");
        assertThat(kibanaRare.datafeed().matches(raw)).isFalse();
        assertThat(kibanaRare.datafeed().matches(linux)).isTrue();
        assertThat(auditmlRare.datafeed().matches(raw)).isTrue();
        assertThat(shipped.recognises(raw)).isFalse();
        assertThat(overlaid.recognises(raw)).isTrue();
        // Kibana's settings stand where the overlay does not touch them
        assertThat(auditmlRare.job().analysisConfig().influencers()).contains("user.name");
        assertThat(auditmlRare.job().analysisConfig().usesContext()).isTrue();
        assertThat(kibanaRare.job().analysisConfig().usesContext()).isFalse();
    }

    @Test
    void theOverlay_keepsKibanasNetworkExclusions() {
        Module overlaid = AuditModules.byId("security_linux_v3").orElseThrow();
        Module.SetUpJob network = job(overlaid, "v3_linux_anomalous_network_activity");
        Map<String, List<String>> dns = new HashMap<>(Map.of("event.module", List.of("auditd"), "event.category",
                List.of("network"), "event.type", List.of("connection", "start"), "process.name", List.of("curl"),
                "destination.ip", List.of("127.0.0.53")));
        assertThat(network.datafeed().matches(new TestEvent(0, dns))).isFalse();
        dns.put("destination.ip", List.of("10.0.0.9"));
        assertThat(network.datafeed().matches(new TestEvent(0, dns))).isTrue();
        dns.put("user.name", List.of("jenkins"));
        assertThat(network.datafeed().matches(new TestEvent(0, dns))).isFalse();
    }

    @Test
    void everyOverlayChange_saysWhy_andTheOldIdIsAnAlias() {
        for (Module m : AuditModules.builtIn()) {
            assertThat(m.overlay()).isEqualTo("auditml");
            assertThat(m.changes()).isNotEmpty().allSatisfy(c -> {
                assertThat(c.why()).isNotBlank();
                assertThat(c.patch()).isNotEmpty();
            });
        }
        assertThat(AuditModules.byId("security_linux").orElseThrow().id()).isEqualTo("security_linux_v3");
        Module linux = AuditModules.byId("security_linux_v3").orElseThrow();
        assertThat(linux.changes()).filteredOn(c -> c.patch().contains("analysis_config.auditml_context = true"))
                .extracting(Module.Change::target).containsExactlyInAnyOrder("v3_rare_process_by_host_linux_ecs",
                        "v3_linux_anomalous_process_all_hosts_ecs", "v3_linux_anomalous_user_name_ecs",
                        "v3_linux_rare_sudo_user");
        assertThat(linux.changes()).filteredOn(c -> c.target().equals("every job"))
                .flatExtracting(Module.Change::patch).contains("analysis_config.auditml_severity = \"anchored\"",
                        "datafeed.query.bool.must removed");
    }

    @Test
    void recognition_saysWhichClauseRawEventsCannotSatisfy_andWhatTheOverlayDoes() {
        List<CoverageFinding> withOverlay = findings(true, RAW_EXEC, RAW_CONNECT);
        assertThat(withOverlay).filteredOn(f -> f.target().equals("v3_rare_process_by_host_linux_ecs")).singleElement()
                .satisfies(f -> {
                    assertThat(f.warning()).isFalse();
                    assertThat(f.line()).contains("host.os.type").contains("no event has any of these fields")
                            .contains("the auditml overlay mends it");
                });
        assertThat(withOverlay).filteredOn(f -> f.target().equals("manifest.json")).singleElement()
                .satisfies(f -> assertThat(f.line()).contains("host.os.family"));
        assertThat(withOverlay).noneMatch(CoverageFinding::warning);

        List<CoverageFinding> without = findings(false, RAW_EXEC, RAW_CONNECT);
        assertThat(without).filteredOn(f -> f.target().equals("v3_rare_process_by_host_linux_ecs")).singleElement()
                .satisfies(f -> {
                    assertThat(f.warning()).isTrue();
                    assertThat(f.line()).startsWith("security_linux_v3: datafeed-v3_rare_process_by_host_linux_ecs "
                            + "matches none of 2 events with the job's fields: query.bool.must[0] on host.os.type")
                            .contains("would mend it");
                });

        Map<String, List<String>> exec = new HashMap<>(RAW_EXEC);
        exec.put("host.os.type", List.of("linux"));
        Map<String, List<String>> connect = new HashMap<>(RAW_CONNECT);
        connect.put("host.os.type", List.of("linux"));
        assertThat(findings(false, exec, connect)).as("events with host.os.type satisfy Kibana's datafeeds").isEmpty();
    }

    @SafeVarargs
    private static List<CoverageFinding> findings(boolean overlay, Map<String, List<String>>... events) {
        Module shipped = AuditModules.byId("security_linux_v3", false).orElseThrow();
        Module overlaid = AuditModules.byId("security_linux_v3", true).orElseThrow();
        DatafeedCoverage s = new DatafeedCoverage(shipped);
        DatafeedCoverage o = new DatafeedCoverage(overlaid);
        for (Map<String, List<String>> fields : events) {
            s.accept(new TestEvent(0, fields));
            o.accept(new TestEvent(0, fields));
        }
        return overlay ? CoverageFinding.of("security_linux_v3", s, o, overlaid, null)
                : CoverageFinding.of("security_linux_v3", s, s, overlaid, o);
    }

    private static Module.SetUpJob job(Module m, String id) {
        return m.setUp("").stream().filter(j -> j.job().jobId().equals(id)).findFirst().orElseThrow();
    }

    private static String resource(String path) throws Exception {
        try (InputStream in = KibanaModulesTest.class.getResourceAsStream("/org/auditml/audit/module/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
