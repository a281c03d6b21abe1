package org.auditml.engine.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.TestEvent;
import org.auditml.engine.job.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventQueryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TestEvent EXEC_ON_HOST = new TestEvent(1_700_000_000_000L, Map.of("event.module", List.of("auditd"),
            "auditd.data.syscall", List.of("execve"), "host.name", List.of("web-01"), "tags", List.of("exec", "64bit"),
            "process.title", List.of("curl -s http://10.0.0.1/x"), "process.pid", List.of("4242")));
    private static final TestEvent EXEC_IN_CONTAINER = new TestEvent(1_700_000_000_000L, Map.of("event.module", List.of("auditd"),
            "auditd.data.syscall", List.of("execve"), "container.id", List.of("abc123")));

    private static EventQuery query(String json) throws Exception {
        return EventQuery.of(JSON.readTree(json), "query");
    }

    @Test
    void hostsModuleQuery_matchesHostEvents_notContainerOnes() throws Exception {
        EventQuery q = query("""
                {"bool": {"filter": [{"term": {"event.module": "auditd"}}],
                          "must": [{"exists": {"field": "auditd.data.syscall"}}],
                          "must_not": {"exists": {"field": "container.id"}}}}""");

        assertThat(q.matches(EXEC_ON_HOST)).isTrue();
        assertThat(q.matches(EXEC_IN_CONTAINER)).isFalse();
    }

    @Test
    void termsShouldMatchAndRange_evaluateAsElasticsearchDoes() throws Exception {
        assertThat(query("{\"terms\": {\"tags\": [\"net\", \"exec\"]}}").matches(EXEC_ON_HOST)).isTrue();
        assertThat(query("{\"bool\": {\"should\": [{\"term\": {\"host.name\": \"db-01\"}}, {\"term\": {\"host.name\": \"web-01\"}}]}}")
                .matches(EXEC_ON_HOST)).isTrue();
        assertThat(query("{\"bool\": {\"should\": [{\"term\": {\"host.name\": \"db-01\"}}]}}").matches(EXEC_ON_HOST)).isFalse();
        // process.title is an ECS keyword: matched whole; its words are in the process.title.text multi-field
        assertThat(query("{\"match\": {\"process.title\": \"curl http\"}}").matches(EXEC_ON_HOST)).isFalse();
        assertThat(query("{\"match\": {\"process.title.text\": \"curl http\"}}").matches(EXEC_ON_HOST)).isTrue();
        assertThat(query("{\"match\": {\"process.title.text\": {\"query\": \"curl wget\", \"operator\": \"and\"}}}")
                .matches(EXEC_ON_HOST)).isFalse();
        assertThat(query("{\"match_phrase\": {\"process.title.text\": \"curl -s\"}}").matches(EXEC_ON_HOST)).isTrue();
        assertThat(query("{\"match_phrase\": {\"process.title.text\": \"s curl\"}}").matches(EXEC_ON_HOST)).isFalse();
        assertThat(query("{\"range\": {\"process.pid\": {\"gte\": 4000, \"lt\": 5000}}}").matches(EXEC_ON_HOST)).isTrue();
        assertThat(query("{\"range\": {\"@timestamp\": {\"gte\": \"2023-11-14T22:13:20Z\"}}}").matches(EXEC_ON_HOST)).isTrue();
    }

    @Test
    void wildcardAndPrefix_matchKeywordValuesAsElasticsearchDoes() throws Exception {
        TestEvent jenkins = new TestEvent(0, Map.of("process.name", List.of("jenkins-agent")));
        TestEvent other = new TestEvent(0, Map.of("process.name", List.of("Jenkins")));

        assertThat(query("{\"wildcard\": {\"process.name\": {\"value\": \"jenkins*\"}}}").matches(jenkins)).isTrue();
        assertThat(query("{\"wildcard\": {\"process.name\": \"jenkins*\"}}").matches(other)).isFalse();
        assertThat(query("{\"wildcard\": {\"process.name\": {\"value\": \"jenkins*\", \"case_insensitive\": true}}}")
                .matches(other)).isTrue();
        assertThat(query("{\"wildcard\": {\"process.name\": \"jenkins-?gent\"}}").matches(jenkins)).isTrue();
        assertThat(query("{\"wildcard\": {\"process.name\": \"jenk.ns*\"}}").matches(jenkins)).isFalse(); // '.' is literal
        assertThat(query("{\"prefix\": {\"process.name\": \"jenkins-\"}}").matches(jenkins)).isTrue();
        assertThat(query("{\"prefix\": {\"process.name\": \"jenkins*\"}}").matches(jenkins)).isFalse(); // no wildcards in prefix
    }

    @Test
    void aBeatsOwnFields_canBeDeclared_elseTheyAreDynamicText() throws Exception {
        TestEvent login = new TestEvent(0, Map.of("auditd.summary.object.type", List.of("user-session"),
                "auditd.sequence", List.of("458")));
        String term = "{\"term\": {\"auditd.summary.object.type\": \"user-session\"}}";
        String range = "{\"range\": {\"auditd.sequence\": {\"gte\": 1000}}}";
        FieldMappings auditbeat = FieldMappings.ecs().with(Map.of("auditd.*", FieldType.KEYWORD,
                "auditd.sequence", FieldType.LONG));

        assertThat(query(term).matches(login)).isFalse(); // dynamic text: the tokens 'user' and 'session'
        assertThat(query("{\"term\": {\"auditd.summary.object.type.keyword\": \"user-session\"}}").matches(login)).isTrue();
        assertThat(query(range).matches(login)).isTrue(); // text compares as strings: "458" after "1000"
        assertThat(EventQuery.of(JSON.readTree(term), "query", auditbeat).matches(login)).isTrue();
        assertThat(EventQuery.of(JSON.readTree(range), "query", auditbeat).matches(login)).isFalse(); // 458 < 1000
        assertThat(EventQuery.of(JSON.readTree("{\"range\": {\"auditd.sequence\": {\"gte\": 400}}}"), "query",
                auditbeat).matches(login)).isTrue();
    }

    @Test
    void unsupportedQuery_isRefusedWithItsPath() {
        assertThatThrownBy(() -> query("{\"bool\": {\"must\": [{\"term\": {\"a\": \"b\"}}, {\"geo_distance\": {\"distance\": \"2km\"}}]}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("query.bool.must[1].geo_distance: unsupported query 'geo_distance'");
        assertThatThrownBy(() -> query("{\"match\": {\"message\": {\"query\": \"x\", \"fuzziness\": \"AUTO\"}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("query.match.message.fuzziness: unsupported option");
        assertThatThrownBy(() -> query("{\"query_string\": {\"query\": \"roam~\", \"default_field\": \"message\"}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("query.query_string: unsupported query part FuzzyQuery");
        assertThatThrownBy(() -> query("{\"query_string\": {\"query\": \"root AND process.name:sshd\"}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("query.query_string.default_field: the query has terms without a field");
        assertThatThrownBy(() -> query("{\"multi_match\": {\"query\": \"root\", \"type\": \"bool_prefix\", \"fields\": [\"message\"]}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("query.multi_match.type: multi_match type 'bool_prefix' is not supported");
        assertThatThrownBy(() -> query("{\"match_phrase\": {\"message\": {\"query\": \"a b\", \"slop\": 2}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("query.match_phrase.message.slop");
        assertThatThrownBy(() -> query("{\"terms\": {\"user.name\": {\"index\": \"users\", \"id\": \"1\", \"path\": \"names\"}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("terms lookup is not supported");
        assertThatThrownBy(() -> query("{\"wildcard\": {\"process.pid\": \"4*\"}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("query.wildcard.process.pid");
        assertThatThrownBy(() -> query("{\"term\": {\"event.original\": \"x\"}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("event.original cannot be searched");
        assertThatThrownBy(() -> query("{\"range\": {\"@timestamp\": {\"gte\": \"now-1x\"}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bad date math");
    }
}
