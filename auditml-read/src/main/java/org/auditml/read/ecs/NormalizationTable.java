package org.auditml.read.ecs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The normalisation table ({@code normalizations.tsv}, facts from go-libaudit's {@code normalizations.yaml}):
 * rows by syscall name and by record type. Loaded once; immutable.
 */
final class NormalizationTable {
    private static final NormalizationTable STANDARD = load("normalizations.tsv");

    private final Map<String, Normalization> bySyscall;
    private final Map<String, List<Normalization>> byRecordType;
    private final Map<String, Normalization> byAction;

    private NormalizationTable(Map<String, Normalization> bySyscall, Map<String, List<Normalization>> byRecordType,
                               Map<String, Normalization> byAction) {
        this.bySyscall = bySyscall;
        this.byRecordType = byRecordType;
        this.byAction = byAction;
    }

    static NormalizationTable standard() {
        return STANDARD;
    }

    /** The row for a syscall; the catch-all row for one the table does not name. */
    Normalization forSyscall(String syscall) {
        Normalization n = syscall == null ? null : bySyscall.get(syscall);
        return n != null ? n : bySyscall.get("*");
    }

    /** The row for a record type: with several, the last whose has_fields are all present. */
    Normalization forRecordType(String type, Set<String> presentFields) {
        List<Normalization> rows = byRecordType.get(type);
        if (rows == null) {
            return null;
        }
        Normalization chosen = null;
        for (Normalization n : rows) {
            if (presentFields.containsAll(n.hasFields())) {
                chosen = n;
            }
        }
        return chosen;
    }

    /** The first row with this action, for events that arrive with an action already (Auditbeat 6.x). */
    Normalization forAction(String action) {
        return byAction.get(action);
    }

    private static NormalizationTable load(String resource) {
        Map<String, Normalization> bySyscall = new HashMap<>();
        Map<String, List<Normalization>> byRecordType = new HashMap<>();
        Map<String, Normalization> byAction = new HashMap<>();
        try (InputStream in = NormalizationTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Normalization n = parseRow(line.split("\t", -1), resource + ":" + lineNo);
                if ("syscall".equals(n.kind())) {
                    bySyscall.putIfAbsent(n.name(), n);
                } else {
                    byRecordType.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(n);
                }
                if (n.action() != null) {
                    byAction.putIfAbsent(n.action(), n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new NormalizationTable(Map.copyOf(bySyscall), Map.copyOf(byRecordType), Map.copyOf(byAction));
    }

    private static Normalization parseRow(String[] c, String where) {
        if (c.length < 18) {
            throw new IllegalStateException(where + ": expected 18 columns, found " + c.length);
        }
        List<Normalization.Mapping> mappings = new ArrayList<>();
        for (String m : list(c[14])) {
            int gt = m.indexOf('>');
            if (gt < 0) {
                throw new IllegalStateException(where + ": bad mapping " + m);
            }
            mappings.add(new Normalization.Mapping(m.substring(0, gt), m.substring(gt + 1)));
        }
        return new Normalization(c[0], c[1], text(c[2]), text(c[3]), list(c[4]), list(c[5]),
                c[6].isEmpty() ? -1 : Integer.parseInt(c[6]), list(c[7]), list(c[8]), list(c[9]), list(c[10]),
                list(c[11]), list(c[12]), list(c[13]), List.copyOf(mappings), text(c[15]),
                c[16].isEmpty() ? 0 : Integer.parseInt(c[16]), list(c[17]));
    }

    private static String text(String cell) {
        return cell.isEmpty() ? null : cell;
    }

    private static List<String> list(String cell) {
        return cell.isEmpty() ? List.of() : List.copyOf(Arrays.asList(cell.split("\\|")));
    }
}
