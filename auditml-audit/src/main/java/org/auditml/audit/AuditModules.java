package org.auditml.audit;

import org.auditml.engine.module.Module;
import org.auditml.engine.module.ModuleFolder;
import org.auditml.engine.module.ModuleOverlay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The modules shipped inside auditml: Kibana's module folders as Kibana ships them
 * ({@code org/auditml/audit/module/kibana/<id>/}, listed in {@code modules.txt}, origin in {@code SOURCES.tsv}), and
 * auditml's changes to them as the overlay {@value #OVERLAY} ({@code module/overlay/<id>.json}), which a user can
 * switch off.
 */
public final class AuditModules {
    /** The name of auditml's overlay. */
    public static final String OVERLAY = "auditml";
    /** Module ids auditml used before it shipped Kibana's, still accepted. */
    private static final Map<String, String> ALIASES = Map.of("security_linux", "security_linux_v3");
    private static final String ROOT = "/org/auditml/audit/module/";
    /** The modules are read once: they are resources, and modules are immutable. */
    private static final Map<Boolean, List<Module>> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    private AuditModules() {
    }

    /** Every built-in module, sorted by id, with auditml's overlay or as Kibana ships it. */
    public static List<Module> builtIn(boolean overlay) {
        return LOADED.computeIfAbsent(overlay, AuditModules::load);
    }

    private static List<Module> load(boolean overlay) {
        List<Module> modules = new ArrayList<>();
        for (String id : ids()) {
            modules.add(overlay ? withOverlay(folder(id)) : Module.asShipped(folder(id)));
        }
        modules.sort(Comparator.comparing(Module::id));
        return List.copyOf(modules);
    }

    /** Every built-in module with auditml's overlay. */
    public static List<Module> builtIn() {
        return builtIn(true);
    }

    /** The built-in module with this id (or an old id of it), with auditml's overlay or as Kibana ships it. */
    public static Optional<Module> byId(String id, boolean overlay) {
        String real = ALIASES.getOrDefault(id, id);
        return builtIn(overlay).stream().filter(m -> m.id().equals(real)).findFirst();
    }

    public static Optional<Module> byId(String id) {
        return byId(id, true);
    }

    /** The id this old id stands for, if it is one. */
    public static Optional<String> aliasOf(String id) {
        return Optional.ofNullable(ALIASES.get(id));
    }

    /** The module with auditml's overlay when there is one for its id (a folder a user added may have one too). */
    public static Module withOverlay(ModuleFolder folder) {
        return overlay(folder.id()).map(o -> o.apply(folder)).orElseGet(() -> Module.asShipped(folder));
    }

    /** auditml's overlay for a module id, if it has one. */
    public static Optional<ModuleOverlay> overlay(String moduleId) {
        String text = textOrNull(ROOT + "overlay/" + moduleId + ".json");
        return text == null ? Optional.empty() : Optional.of(ModuleOverlay.parse(text, "overlay/" + moduleId + ".json"));
    }

    /** A built-in module's folder, as Kibana ships it (its files are those SOURCES.tsv lists: resources cannot be listed). */
    public static ModuleFolder folder(String id) {
        Map<String, String> files = new TreeMap<>();
        String base = ROOT + "kibana/" + id + "/";
        files.put(ModuleFolder.MANIFEST, text(base + ModuleFolder.MANIFEST));
        for (String name : text(ROOT + "kibana/SOURCES.tsv").lines().map(l -> l.split("\t")[0])
                .filter(p -> p.startsWith(id + "/ml/")).toList()) {
            files.put(name.substring(id.length() + 1), text(ROOT + "kibana/" + name));
        }
        return ModuleFolder.read(files);
    }

    /** The built-in modules' ids. */
    public static List<String> ids() {
        return text(ROOT + "modules.txt").lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String text(String resource) {
        String text = textOrNull(resource);
        if (text == null) {
            throw new IllegalStateException(resource + " missing from the classpath");
        }
        return text;
    }

    private static String textOrNull(String resource) {
        try (InputStream in = AuditModules.class.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
