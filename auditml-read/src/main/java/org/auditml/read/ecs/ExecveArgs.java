package org.auditml.read.ecs;

import org.auditml.read.raw.RawRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the arguments of EXECVE records. A long command line is split by the kernel over several records: an
 * argument too long for one is written as {@code aN_len=} then pieces {@code aN[0]=}, {@code aN[1]=}... that
 * may continue in the next record.
 */
final class ExecveArgs {
    private static final int MISSING_REPORTED_ONE_BY_ONE = 64;

    private ExecveArgs() {
    }

    /** The arguments, in order; {@code argc} goes to data; missing pieces are reported as warnings. */
    static List<String> join(List<RawRecord> records, List<String> warnings, Map<String, String> data) {
        Integer argc = null;
        Numbered whole = new Numbered();
        TreeMap<Integer, TreeMap<Integer, String>> pieces = null; // rare: only arguments too long for one record
        for (RawRecord r : records) {
            for (int i = 0; i < r.size(); i++) {
                String k = r.key(i);
                if ("argc".equals(k)) {
                    if (argc == null) {
                        argc = parseInt(r.value(i), 0, r.value(i).length());
                    }
                    continue;
                }
                if (k.length() < 2 || k.charAt(0) != 'a' || !Character.isDigit(k.charAt(1))) {
                    continue;
                }
                int bracket = k.indexOf('[');
                if (bracket > 0 && k.endsWith("]")) {
                    Integer n = parseInt(k, 1, bracket);
                    Integer part = parseInt(k, bracket + 1, k.length() - 1);
                    if (n != null && part != null) {
                        if (pieces == null) {
                            pieces = new TreeMap<>();
                        }
                        pieces.computeIfAbsent(n, x -> new TreeMap<>()).put(part, r.value(i));
                    }
                } else if (!k.endsWith("_len")) {
                    Integer n = parseInt(k, 1, k.length());
                    if (n != null) {
                        whole.putIfAbsent(n, r.value(i));
                    }
                }
            }
        }
        if (pieces != null) {
            pieces.forEach((n, parts) -> whole.putIfAbsent(n, String.join("", parts.values())));
        }
        int found = whole.last() + 1;
        if (argc == null) {
            warnings.add("argc key not found in EXECVE message");
            argc = found;
        } else {
            data.put("argc", Integer.toString(argc));
            if (argc < 0) {
                warnings.add("argc " + argc + " is not a count");
                argc = found;
            }
        }
        List<String> args = new ArrayList<>(Math.min(argc, found));
        for (int n = 0; n < argc; n++) {
            if (n >= found && argc - found > MISSING_REPORTED_ONE_BY_ONE) {
                // a damaged argc must not make millions of warnings
                warnings.add("failed to find args a" + n + " to a" + (argc - 1));
                break;
            }
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

    /** {@link Integer#parseInt} of a part of {@code s}, or null when it is not a number. */
    private static Integer parseInt(String s, int from, int to) {
        try {
            return Integer.parseInt(s, from, to, 10);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Arguments by number, the first of each number kept: an array for the usual small numbers (a map of boxed
     * numbers cost more than the joining), a tree for the odd huge one.
     */
    private static final class Numbered {
        private static final int DENSE = 4096;
        private String[] dense = new String[16];
        private TreeMap<Integer, String> sparse;
        private int last = -1;

        void putIfAbsent(int n, String value) {
            if (n < DENSE) {
                if (n >= dense.length) {
                    dense = Arrays.copyOf(dense, Math.min(DENSE, Math.max(n + 1, 2 * dense.length)));
                }
                if (dense[n] != null) {
                    return;
                }
                dense[n] = value;
            } else {
                if (sparse == null) {
                    sparse = new TreeMap<>();
                }
                if (sparse.putIfAbsent(n, value) != null) {
                    return;
                }
            }
            last = Math.max(last, n);
        }

        String get(int n) {
            if (n < dense.length) {
                return dense[n];
            }
            return n < DENSE || sparse == null ? null : sparse.get(n);
        }

        /** The highest number held, -1 when none. */
        int last() {
            return last;
        }
    }
}
