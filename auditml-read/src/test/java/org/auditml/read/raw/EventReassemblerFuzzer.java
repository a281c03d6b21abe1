package org.auditml.read.raw;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer: whatever the order, times and types of records, the reassembler neither loses nor duplicates a record,
 * never holds more than its cap, and throws nothing.
 */
class EventReassemblerFuzzer {
    private static final String[] TYPES = {"SYSCALL", "EXECVE", "CWD", "PATH", "PROCTITLE", "EOE", "USER_LOGIN",
            "SOCKADDR", "UNKNOWN[1323]", "AVC", "LOGIN"};

    @FuzzTest(maxDuration = "30s")
    void accept_anyRecordSequence_emitsEveryRecordOnce(FuzzedDataProvider data) {
        RawLineParser parser = new RawLineParser();
        List<RecordGroup> groups = new ArrayList<>();
        int cap = data.consumeInt(1, 16);
        EventReassembler reassembler = new EventReassembler(data.consumeLong(0, 5000), cap, groups::add);
        int accepted = 0;
        int n = data.consumeInt(0, 200);
        for (int i = 0; i < n; i++) {
            String line = (data.consumeBoolean() ? "node=n" + data.consumeInt(0, 2) + " " : "") + "type="
                    + data.pickValue(TYPES) + " msg=audit(" + data.consumeLong(0, 20) + "." + data.consumeInt(0, 999)
                    + ":" + data.consumeLong(0, 30) + "): a=b";
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            LineResult r = parser.parse(b, 0, b.length, i);
            assertThat(r).isInstanceOf(LineResult.Parsed.class);
            RawRecord record = ((LineResult.Parsed) r).record();
            reassembler.accept(record);
            if (!RecordTypes.EOE.equals(record.type())) {
                accepted++;
            }
            assertThat(reassembler.openEvents()).isLessThanOrEqualTo(cap);
        }
        reassembler.flush();
        assertThat(reassembler.openEvents()).isZero();
        assertThat(groups.stream().mapToInt(g -> g.records().size()).sum()).isEqualTo(accepted);
    }
}
