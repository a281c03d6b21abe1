package org.auditml.read.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads go-libaudit's aucoalesce test YAML by hand (no YAML dependency): only the shape those files have. */
final class GoldenYaml {
    private GoldenYaml() {
    }

    /**
     * The tests of each YAML file (file name without .yaml → test name → raw records, one per line). The YAML is
     * only {@code tests:} with {@code name: |} (literal) or {@code name: >} (folded) blocks, and comments.
     */
    static Map<String, Map<String, String>> testsByFile(Path dir) throws IOException {
        Map<String, Map<String, String>> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String base = p.getFileName().toString().replaceFirst("\\.yaml$", "");
                files.put(base, parseYaml(Files.readAllLines(p, StandardCharsets.UTF_8)));
            }
        }
        return files;
    }

    static Map<String, String> parseYaml(List<String> lines) {
        Map<String, String> tests = new LinkedHashMap<>();
        String name = null;
        boolean folded = false;
        List<String> block = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("    ") && name != null) {
                block.add(line.substring(4));
            } else if (line.startsWith("  ") && !line.startsWith("   ") && !line.trim().startsWith("#")) {
                put(tests, name, block, folded);
                block = new ArrayList<>();
                String header = line.trim();
                int colon = header.lastIndexOf(':');
                name = header.substring(0, colon).trim();
                String style = header.substring(colon + 1).trim();
                if (!style.equals("|") && !style.equals(">")) {
                    throw new IllegalArgumentException("unsupported YAML block style: " + line);
                }
                folded = style.equals(">");
            } else if (line.isBlank() && name != null) {
                block.add("");
            }
        }
        put(tests, name, block, folded);
        return tests;
    }

    private static void put(Map<String, String> tests, String name, List<String> block, boolean folded) {
        if (name == null) {
            return;
        }
        while (!block.isEmpty() && block.get(block.size() - 1).isEmpty()) {
            block.remove(block.size() - 1);
        }
        // literal: one record per line; folded: lines joined by spaces (every > block here is a single line)
        tests.put(name, String.join(folded ? " " : "\n", block) + "\n");
    }

}
