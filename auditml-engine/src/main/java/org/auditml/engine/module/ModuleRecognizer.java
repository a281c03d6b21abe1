package org.auditml.engine.module;

import org.auditml.engine.EventView;

import java.util.ArrayList;
import java.util.List;

/**
 * Kibana's "recognize" for a stream of events: which modules' manifest queries match the data. Each module is
 * recognised by the first event its query matches; once all are, nothing more needs to be read.
 */
public final class ModuleRecognizer {
    private final List<Module> pending;
    private final List<Module> recognised = new ArrayList<>();

    public ModuleRecognizer(List<Module> candidates) {
        this.pending = new ArrayList<>(candidates);
    }

    /** The modules this event makes recognised (most often none). */
    public List<Module> accept(EventView event) {
        List<Module> now = List.of();
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).recognises(event)) {
                now = now.isEmpty() ? new ArrayList<>() : now;
                now.add(pending.remove(i--));
            }
        }
        recognised.addAll(now);
        return now;
    }

    /** True when every candidate has been recognised. */
    public boolean done() {
        return pending.isEmpty();
    }

    /** The modules recognised so far, in the order they were. */
    public List<Module> recognised() {
        return List.copyOf(recognised);
    }
}
