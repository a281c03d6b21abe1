package org.auditml.engine.job;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.AnomalyJob;
import org.auditml.engine.query.EventQuery;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer: any bytes given as a job config or a datafeed query give a job (that opens) or a {@link ConfigException} that
 * names a field; never another exception. Run by scripts/test on its seeds; {@code JAZZER_FUZZ=1} fuzzes.
 */
class JobConfigFuzzer {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "30s")
    void parse_anyBytes_givesAJobOrAConfigException(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Job job = JobParser.parse(text, "fuzz");
            new AnomalyJob(job);
            assertThat(job.analysisConfig().detectors()).isNotEmpty();
        } catch (ConfigException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.reason()).isNotBlank());
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (java.io.IOException e) {
            return; // not JSON: nothing to compile as a query
        }
        try {
            EventQuery.of(tree == null ? null : tree.path("query").isMissingNode() ? tree : tree.get("query"), "query");
        } catch (ConfigException e) {
            assertThat(e.problems()).allSatisfy(p -> assertThat(p.field()).startsWith("query"));
        }
    }
}
