package org.auditml.engine.module;

import java.util.ArrayList;
import java.util.List;

/**
 * One thing recognition has to say about a module's queries on the data: a manifest query or datafeed the data cannot
 * satisfy, and what the overlay does about it. A warning is something that will go unseen otherwise (a job that gets
 * no event); the rest says what the overlay mends.
 *
 * @param target  {@code manifest.json} or the job id
 * @param warning true when what runs still cannot match (or would not, without the overlay)
 */
public record CoverageFinding(String moduleId, String target, boolean warning, String line) {

    /**
     * The findings for one module: {@code shipped} is the coverage of the module as shipped, {@code effective} that
     * of the module that runs ({@code effectiveModule}; the same coverage when no overlay is applied), {@code
     * overlay} the module with the overlay (for its reasons; may be null) and {@code withOverlay} its coverage when
     * the overlay is switched off (to say whether it would mend what the data cannot satisfy; may be null).
     */
    public static List<CoverageFinding> of(String moduleId, DatafeedCoverage shipped, DatafeedCoverage effective,
                                           Module overlay, DatafeedCoverage withOverlay) {
        List<CoverageFinding> out = new ArrayList<>();
        boolean overlaid = shipped != effective;
        if (shipped.events() == 0) {
            return out;
        }
        add(out, moduleId, ModuleFolder.MANIFEST, shipped.manifest(), effective.manifest(), overlaid, overlay,
                withOverlay == null ? null : withOverlay.manifest(), shipped.events());
        for (DatafeedCoverage.QueryCoverage s : shipped.datafeeds()) {
            DatafeedCoverage.QueryCoverage e = effective.datafeed(s.jobId());
            if (s.withJobFields() > 0 && e != null) {
                add(out, moduleId, s.jobId(), s, e, overlaid, overlay,
                        withOverlay == null ? null : withOverlay.datafeed(s.jobId()), s.withJobFields());
            }
        }
        return out;
    }

    private static void add(List<CoverageFinding> out, String moduleId, String target,
                            DatafeedCoverage.QueryCoverage s, DatafeedCoverage.QueryCoverage e, boolean overlaid,
                            Module overlay, DatafeedCoverage.QueryCoverage withOverlay, long relevant) {
        String what = target.equals(ModuleFolder.MANIFEST) ? moduleId + ": the manifest query"
                : moduleId + ": datafeed-" + target;
        String events = target.equals(ModuleFolder.MANIFEST) ? relevant + " events"
                : relevant + " events with the job's fields";
        String why = overlay == null ? null : why(overlay, target);
        if (s.cannotBeSatisfied()) {
            String cannot = what + (overlaid ? " as shipped" : "") + " matches none of " + events + ": "
                    + String.join("; ", s.unsatisfiable());
            if (!overlaid) {
                boolean mends = why != null && withOverlay != null && !withOverlay.cannotBeSatisfied();
                out.add(new CoverageFinding(moduleId, target, true, cannot + (mends ? "; the " + overlay.overlay()
                        + " overlay (on unless --no-overlay) would mend it: " + why : "")));
            } else if (!e.cannotBeSatisfied()) {
                out.add(new CoverageFinding(moduleId, target, false, cannot + "; the " + overlay.overlay()
                        + " overlay mends it: " + why));
            } else {
                out.add(new CoverageFinding(moduleId, target, true, cannot + "; the overlay does not mend it"));
            }
        } else if (overlaid && e.cannotBeSatisfied()) {
            out.add(new CoverageFinding(moduleId, target, true, what + " with the overlay matches none of " + events
                    + ": " + String.join("; ", e.unsatisfiable())));
        }
    }

    /** The overlay's reasons for changing the query of {@code target}, or null when it does not. */
    private static String why(Module overlay, String target) {
        List<String> whys = new ArrayList<>();
        for (Module.Change c : overlay.changes()) {
            boolean query = c.target().equals(ModuleFolder.MANIFEST)
                    ? target.equals(ModuleFolder.MANIFEST) && c.patch().stream().anyMatch(l -> l.startsWith("query"))
                    : (c.target().equals(target) || c.target().equals("every job"))
                    && !target.equals(ModuleFolder.MANIFEST)
                    && c.patch().stream().anyMatch(l -> l.startsWith("datafeed.query"));
            if (query) {
                whys.add(c.why());
            }
        }
        return whys.isEmpty() ? null : String.join(" ", whys);
    }
}
