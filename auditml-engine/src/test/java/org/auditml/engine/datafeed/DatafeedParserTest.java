package org.auditml.engine.datafeed;

import org.auditml.engine.TestEvent;
import org.auditml.engine.job.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatafeedParserTest {
    private static final TestEvent SSHD = new TestEvent(0, Map.of("process.name", List.of("sshd")));
    private static final TestEvent CURL = new TestEvent(0, Map.of("process.name", List.of("curl")));

    /** A datafeed as GET _ml/datafeeds returns it, read-only fields included. */
    private static final String EXPORTED = """
            {"datafeed_id": "datafeed-ssh", "job_id": "ssh", "authorization": {"roles": ["superuser"]},
             "query_delay": "90s", "frequency": "150s", "indices": ["auditbeat-*"],
             "query": {"term": {"process.name": "sshd"}}, "scroll_size": 1000,
             "chunking_config": {"mode": "auto"}, "delayed_data_check_config": {"enabled": true},
             "max_empty_searches": 10,
             "indices_options": {"expand_wildcards": ["open"], "ignore_unavailable": false, "allow_no_indices": true,
                                 "ignore_throttled": true}}""";

    @Test
    void exportedDatafeed_isReadWithItsReadOnlyFieldsIgnored() {
        Datafeed d = DatafeedParser.parse(EXPORTED, "ssh");

        assertThat(d.datafeedId()).isEqualTo("datafeed-ssh");
        assertThat(d.indices()).containsExactly("auditbeat-*");
        assertThat(d.queryDelay()).hasSeconds(90);
        assertThat(d.matches(SSHD)).isTrue();
        assertThat(d.matches(CURL)).isFalse();
    }

    @Test
    void unknownField_andUnsupportedOnes_areRefusedByName() {
        assertThatThrownBy(() -> DatafeedParser.parse("{\"job_id\": \"j\", \"qeury\": {}}", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("qeury").hasMessageContaining("query");
        assertThatThrownBy(() -> DatafeedParser.parse("{\"job_id\": \"j\", \"aggregations\": {\"buckets\": {}}}", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("aggregations: not supported");
        assertThatThrownBy(() -> DatafeedParser.parse("{\"job_id\": \"j\", \"script_fields\": {\"x\": {}}}", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("script_fields: not supported");
        assertThatThrownBy(() -> DatafeedParser.parse("{\"job_id\": \"j\", \"runtime_mappings\": {\"x\": {}}}", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("runtime_mappings: not supported");
        assertThatThrownBy(() -> DatafeedParser.parse("{\"job_id\": \"j\", \"chunking_config\": {\"mode\": \"sometimes\"}}", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("chunking_config.mode");
    }

    @Test
    void getWrapper_isReadWhole_andNeverMatchesEverything() {
        String two = "{\"count\": 2, \"datafeeds\": [" + EXPORTED + ", {\"datafeed_id\": \"datafeed-web\", \"job_id\": \"web\","
                + " \"indices\": [\"auditbeat-*\"], \"query\": {\"term\": {\"process.name\": \"curl\"}}}]}";

        List<Datafeed> all = DatafeedParser.parseAll(two, null);
        assertThat(all).extracting(Datafeed::jobId).containsExactly("ssh", "web");
        assertThat(all.get(1).matches(CURL)).isTrue();
        assertThat(all.get(1).matches(SSHD)).isFalse();
        assertThatThrownBy(() -> DatafeedParser.parse(two, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("holds 2 datafeeds");
        assertThat(DatafeedParser.parse("{\"count\": 1, \"datafeeds\": [" + EXPORTED + "]}", "ssh").matches(CURL)).isFalse();
        assertThatThrownBy(() -> DatafeedParser.parseAll("{\"datafeeds\": [{\"job_id\": \"a\", \"bogus\": 1}]}", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("datafeeds[0].bogus");
    }

    @Test
    void kibanaModuleFile_isRead() {
        Datafeed d = DatafeedParser.parse("""
                {"job_id": "JOB_ID", "indexes": ["INDEX_PATTERN_NAME"], "max_empty_searches": 10,
                 "query": {"bool": {"filter": [{"term": {"event.module": "auditd"}}]}}}""", "hosts_rare");

        assertThat(d.jobId()).isEqualTo("hosts_rare");
        assertThat(d.datafeedId()).isEqualTo("datafeed-hosts_rare");
        assertThat(d.indices()).isEmpty();
    }
}
