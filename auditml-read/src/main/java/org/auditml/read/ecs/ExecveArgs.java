package org.auditml.read.ecs;

import org.auditml.read.raw.RawRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the arguments of EXECVE records. A long command line is split by the kernel over several records: an
 * argument too long for one is written as {@code aN_len=} then pieces {@code aN[0]=}, {@code aN[1]=}... that
 * may continue in the next record.
 */
final class ExecveArgs {
    private ExecveArgs() {
    }

    /** The arguments, in order; {@code argc} goes to data; missing pieces are reported as warnings. */
    static List<String> join(List<RawRecord> records, List<String> warnings, Map<String, String> data) {
        Integer argc = null;
        Map<Integer, String> whole = new TreeMap<>();
        Map<Integer, TreeMap<Integer, String>> pieces = new TreeMap<>();
        for (RawRecord r : records) {
            for (int i = 0; i < r.size(); i++) {
                String k = r.key(i);
                if ("argc".equals(k)) {
                    if (argc == null) {
                        argc = parseInt(r.value(i));
                    }
                    continue;
                }
                if (k.length() < 2 || k.charAt(0) != 'a' || !Character.isDigit(k.charAt(1))) {
                    continue;
                }
                int bracket = k.indexOf('[');
                if (bracket > 0 && k.endsWith("]")) {
                    Integer n = parseInt(k.substring(1, bracket));
                    Integer part = parseInt(k.substring(bracket + 1, k.length() - 1));
                    if (n != null && part != null) {
                        pieces.computeIfAbsent(n, x -> new TreeMap<>()).put(part, r.value(i));
                    }
                } else if (!k.endsWith("_len")) {
                    Integer n = parseInt(k.substring(1));
                    if (n != null) {
                        whole.putIfAbsent(n, r.value(i));
                    }
                }
            }
        }
        pieces.forEach((n, parts) -> whole.putIfAbsent(n, String.join("", parts.values())));
        if (argc == null) {
            warnings.add("argc key not found in EXECVE message");
            argc = whole.isEmpty() ? 0 : ((TreeMap<Integer, String>) whole).lastKey() + 1;
        } else {
            data.put("argc", Integer.toString(argc));
        }
        List<String> args = new ArrayList<>(argc);
        for (int n = 0; n < argc; n++) {
            String v = whole.get(n);
            if (v == null) {
                warnings.add("failed to find arg a" + n);
                continue;
            }
            int nul = v.indexOf('\0');
            args.add(nul >= 0 ? v.substring(0, nul) : v);
        }
        return args;
    }

    private static Integer parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
