package org.auditml.nab;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A detector's NAB result: one {@link ProfileScore} per profile, in the order of {@code profiles.json}. */
public record NabResult(Map<String, ProfileScore> profiles) {

    public NabResult {
        profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
    }

    /** The result under one profile, e.g. {@code "standard"}. */
    public ProfileScore profile(String name) {
        ProfileScore s = profiles.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no profile " + name + "; have " + profiles.keySet());
        }
        return s;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        profiles.values().forEach(p -> b.append(String.format(Locale.ROOT,
                "%-20s %6.2f  (raw %9.4f, threshold %.6f, %d windows detected, %d FP rows)%n", p.profile(),
                p.normalisedScore(), p.rawScore(), p.threshold(), p.detectedWindows(), p.falsePositives())));
        return b.toString();
    }
}
