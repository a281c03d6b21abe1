package org.auditml.read.conformance;

import org.assertj.core.api.SoftAssertions;
import org.auditml.read.raw.RawRecord;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AIT log-parsing benchmark's structured CSV ({@code LineId,Type,Time,Content,EventId,EventTemplate}, README
 * "Formats" §10) is a per-line golden for the header: every line of the intranet server's audit.log must parse to
 * the CSV's record type and {@code sec.ms:serial}.
 */
class AitHeaderGoldenTest {
    private static final String DIR = "ait-lds-v2-audit/";

    @Test
    void parse_aitIntranetServerLog_headerMatchesStructuredCsv() throws IOException {
        List<byte[]> lines = CorpusLines.lines(Corpus.file(DIR + "russelmitchell_intranet_server_audit.log"));
        List<List<String>> rows = csv(Files.readString(Corpus.file(DIR + "russellmitchell_audit_structured.csv"),
                StandardCharsets.UTF_8));
        assertThat(rows.get(0)).startsWith("LineId", "Type", "Time", "Content");
        List<List<String>> golden = rows.subList(1, rows.size());
        assertThat(golden).as("one CSV row per log line").hasSize(lines.size()).hasSize(2316);

        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < lines.size(); i++) {
            List<String> row = golden.get(i);
            assertThat(row.get(0)).as("LineId").isEqualTo(Integer.toString(i));
            RawRecord r = CorpusLines.record(lines.get(i), i + 1);
            soft.assertThat(r.type()).as("line %d type", i + 1).isEqualTo(row.get(1));
            soft.assertThat(CorpusLines.auditTime(r.timeMillis(), r.serial())).as("line %d time", i + 1)
                    .isEqualTo(row.get(2));
        }
        soft.assertAll();
    }

    /** RFC 4180 rows: fields separated by commas, quoted fields with "" for a quote; no newlines inside fields here. */
    private static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            if (quoted) {
                throw new IllegalArgumentException("unterminated quote (multi-line field?) in CSV row: " + line);
            }
            fields.add(field.toString());
            rows.add(fields);
        }
        return rows;
    }
}
