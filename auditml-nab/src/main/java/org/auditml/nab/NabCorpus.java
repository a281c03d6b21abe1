package org.auditml.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The NAB corpus read in place from a NAB root directory: the series under {@code data/}, the windows of
 * {@code labels/combined_windows.json} (turned into row indices by exact timestamp match, first matching row) and the
 * profiles of {@code config/profiles.json}. Files are listed in sorted name order.
 */
public final class NabCorpus {
    /** The environment variable that overrides {@link #locate()}. */
    public static final String ROOT_VARIABLE = "AUDITML_NAB";

    private static final DateTimeFormatter WINDOW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");
    private static final DateTimeFormatter ROW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Path root;
    private final Map<String, DataFile> files;
    private final Map<String, List<AnomalyWindow>> windows;
    private final Map<String, CostProfile> profiles;

    private NabCorpus(Path root, Map<String, DataFile> files, Map<String, List<AnomalyWindow>> windows,
                      Map<String, CostProfile> profiles) {
        this.root = root;
        this.files = files;
        this.windows = windows;
        this.profiles = profiles;
    }

    /** Reads the corpus under a NAB root (the directory holding {@code data/}, {@code labels/}, {@code config/}). */
    public static NabCorpus load(Path root) {
        try {
            Map<String, DataFile> files = readDataFiles(root.resolve("data"));
            Map<String, List<AnomalyWindow>> windows = readWindows(root.resolve("labels/combined_windows.json"), files);
            Map<String, CostProfile> profiles = readProfiles(root.resolve("config/profiles.json"));
            return new NabCorpus(root, files, windows, profiles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the NAB corpus under " + root + ": " + e.getMessage(), e);
        }
    }

    /** The NAB root: {@code $AUDITML_NAB} if set, else {@code ../shared/nab} from the working directory. */
    public static Path locate() {
        String env = System.getenv(ROOT_VARIABLE);
        Path root = env != null ? Path.of(env) : Path.of("..", "shared", "nab");
        if (!Files.isDirectory(root.resolve("data"))) {
            throw new IllegalStateException("NAB data missing: expected " + root.toAbsolutePath()
                    + "/data (set " + ROOT_VARIABLE + " to the NAB root)");
        }
        return root;
    }

    public Path root() {
        return root;
    }

    /** The corpus names ({@code <category>/<file>.csv}), sorted. */
    public List<String> fileNames() {
        return List.copyOf(files.keySet());
    }

    public DataFile file(String relativePath) {
        DataFile f = files.get(relativePath);
        if (f == null) {
            throw new IllegalArgumentException("not a corpus file: " + relativePath);
        }
        return f;
    }

    /** The windows of a file in row order. */
    public List<AnomalyWindow> windows(String relativePath) {
        file(relativePath);
        return windows.get(relativePath);
    }

    /** The number of windows in the whole corpus (116 for NAB v1.x). */
    public int windowCount() {
        return windows.values().stream().mapToInt(List::size).sum();
    }

    /** The profiles by name, in the order of {@code profiles.json}. */
    public Map<String, CostProfile> profiles() {
        return profiles;
    }

    private static Map<String, DataFile> readDataFiles(Path dataDir) throws IOException {
        Map<String, DataFile> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dataDir, 2)) {
            for (Path p : (Iterable<Path>) paths.filter(NabCorpus::isCsv)::iterator) {
                String name = dataDir.relativize(p).toString().replace('\\', '/');
                files.put(name, readDataFile(name, p));
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no data files under " + dataDir);
        }
        return Collections.unmodifiableMap(files);
    }

    private static boolean isCsv(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".csv");
    }

    private static DataFile readDataFile(String name, Path path) throws IOException {
        List<String> times = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(path)) {
            String header = in.readLine();
            if (header == null || !header.strip().equals("timestamp,value")) {
                throw new IOException(path + ": expected header timestamp,value, got " + header);
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                if (comma < 0) {
                    throw new IOException(path + ": bad row " + (times.size() + 2) + ": " + line);
                }
                times.add(line.substring(0, comma));
                texts.add(line.substring(comma + 1).strip());
            }
        }
        double[] values = new double[texts.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Double.parseDouble(texts.get(i));
        }
        return new DataFile(name, times.toArray(String[]::new), texts.toArray(String[]::new), values);
    }

    private static Map<String, List<AnomalyWindow>> readWindows(Path json, Map<String, DataFile> files)
            throws IOException {
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        Map<String, List<AnomalyWindow>> windows = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : tree.properties()) {
            DataFile file = files.get(entry.getKey());
            if (file == null) {
                throw new IOException(json + ": windows for a file not in data/: " + entry.getKey());
            }
            windows.put(entry.getKey(), toRows(file, entry.getValue()));
        }
        for (String name : files.keySet()) {
            if (!windows.containsKey(name)) {
                throw new IOException(json + ": no windows entry for " + name);
            }
        }
        return Collections.unmodifiableMap(windows);
    }

    /** Start and end timestamps to row indices; windows must be in order, apart and after the probation period. */
    private static List<AnomalyWindow> toRows(DataFile file, JsonNode pairs) throws IOException {
        List<AnomalyWindow> rows = new ArrayList<>();
        for (JsonNode pair : pairs) {
            int first = rowOf(file, pair.get(0).asText());
            int last = rowOf(file, pair.get(1).asText());
            AnomalyWindow w = new AnomalyWindow(first, last);
            if (!rows.isEmpty() && rows.get(rows.size() - 1).lastRow() >= first) {
                throw new IOException(file.relativePath() + ": windows overlap or are out of order at " + pair);
            }
            if (first < file.probationLength()) {
                throw new IOException(file.relativePath() + ": window starts inside the probation period: " + pair);
            }
            rows.add(w);
        }
        return List.copyOf(rows);
    }

    private static int rowOf(DataFile file, String windowTime) throws IOException {
        String rowTime = LocalDateTime.parse(windowTime, WINDOW_TIME).format(ROW_TIME);
        int row = file.firstRowAt(rowTime);
        if (row < 0) {
            throw new IOException(file.relativePath() + ": no row stamped " + windowTime);
        }
        return row;
    }

    private static Map<String, CostProfile> readProfiles(Path json) throws IOException {
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        Map<String, CostProfile> profiles = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : tree.properties()) {
            JsonNode m = entry.getValue().get("CostMatrix");
            if (m == null) {
                throw new IOException(json + ": profile " + entry.getKey() + " has no CostMatrix");
            }
            profiles.put(entry.getKey(), new CostProfile(entry.getKey(), weight(m, "tpWeight"),
                    weight(m, "fpWeight"), weight(m, "fnWeight")));
        }
        return Collections.unmodifiableMap(profiles);
    }

    private static double weight(JsonNode matrix, String name) throws IOException {
        JsonNode w = matrix.get(name);
        if (w == null || !w.isNumber()) {
            throw new IOException("profile weight missing or not a number: " + name);
        }
        return w.asDouble();
    }
}
