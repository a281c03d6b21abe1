package org.auditml.nab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a small corpus in NAB's layout (data, windows, profiles) into a directory, for unit tests. */
final class TinyNab {
    static final String PROFILES = """
            {"standard": {"CostMatrix": {"tpWeight": 1.0, "fnWeight": 1.0, "fpWeight": 0.11, "tnWeight": 1.0}},
             "reward_low_FP_rate": {"CostMatrix": {"tpWeight": 1.0, "fnWeight": 1.0, "fpWeight": 0.22, "tnWeight": 1.0}},
             "reward_low_FN_rate": {"CostMatrix": {"tpWeight": 1.0, "fnWeight": 2.0, "fpWeight": 0.11, "tnWeight": 1.0}}}
            """;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Path root;
    private final Map<String, List<String>> timestamps = new LinkedHashMap<>();
    private final Map<String, List<int[]>> windows = new LinkedHashMap<>();

    TinyNab(Path root) {
        this.root = root;
    }

    /** A file of {@code rows} rows, 5 minutes apart, with windows given as inclusive row ranges. */
    TinyNab file(String name, int rows, int[]... windowRows) {
        List<String> times = new ArrayList<>();
        LocalDateTime t = LocalDateTime.of(2020, 1, 1, 0, 0);
        for (int i = 0; i < rows; i++) {
            times.add(t.plusMinutes(5L * i).format(TIME));
        }
        return file(name, times, windowRows);
    }

    /** A file with the given timestamps (duplicates allowed). */
    TinyNab file(String name, List<String> times, int[]... windowRows) {
        timestamps.put(name, times);
        windows.put(name, List.of(windowRows));
        return this;
    }

    Path write() throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (String name : timestamps.keySet()) {
            List<String> times = timestamps.get(name);
            Path csv = root.resolve("data").resolve(name);
            Files.createDirectories(csv.getParent());
            StringBuilder data = new StringBuilder("timestamp,value\n");
            for (int i = 0; i < times.size(); i++) {
                data.append(times.get(i)).append(',').append(i % 7 == 0 ? i + ".0" : Integer.toString(i)).append('\n');
            }
            Files.writeString(csv, data);
            json.append(json.length() > 1 ? ",\n" : "").append('"').append(name).append("\": [");
            List<int[]> ws = windows.get(name);
            for (int k = 0; k < ws.size(); k++) {
                json.append(k > 0 ? ", " : "").append("[\"").append(times.get(ws.get(k)[0])).append(".000000\", \"")
                        .append(times.get(ws.get(k)[1])).append(".000000\"]");
            }
            json.append(']');
        }
        Files.createDirectories(root.resolve("labels"));
        Files.writeString(root.resolve("labels/combined_windows.json"), json.append('}'));
        Files.createDirectories(root.resolve("config"));
        Files.writeString(root.resolve("config/profiles.json"), PROFILES);
        return root;
    }
}
