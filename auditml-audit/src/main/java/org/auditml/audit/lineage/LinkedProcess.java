package org.auditml.audit.lineage;

import java.util.ArrayList;
import java.util.List;

/**
 * One process on one host as the events show it: its pid and parent pid, the images its execs loaded (the last is
 * what it runs), when it was first and last seen, when it ended (an exit, or its pid taken by another process), and
 * the process that started it when the events reach that far.
 */
public final class LinkedProcess {
    private final String host;
    private final long pid;
    private final long ppid;
    private final LinkedProcess parent;
    private final List<ProcessImage> images = new ArrayList<>(1);
    private final long start;
    private long lastSeen;
    private long end = Long.MAX_VALUE;

    LinkedProcess(String host, long pid, long ppid, LinkedProcess parent, ProcessImage first) {
        this.host = host;
        this.pid = pid;
        this.ppid = ppid;
        this.parent = parent;
        this.images.add(first);
        this.start = first.time();
        this.lastSeen = first.time();
    }

    public String host() {
        return host;
    }

    public long pid() {
        return pid;
    }

    public long ppid() {
        return ppid;
    }

    /** The process that started this one, or null when the events do not show it. */
    public LinkedProcess parent() {
        return parent;
    }

    /** The images in the order they were loaded. */
    public List<ProcessImage> images() {
        return List.copyOf(images);
    }

    /** The image it runs last. */
    public ProcessImage image() {
        return images.get(images.size() - 1);
    }

    /** The program it runs last, or null when the events do not name it. */
    public String executable() {
        return image().executable();
    }

    public long start() {
        return start;
    }

    public long lastSeen() {
        return lastSeen;
    }

    /** When it ended, or {@link Long#MAX_VALUE} while the events show nothing that ends it. */
    public long end() {
        return end;
    }

    /** Whether it ran at {@code time}, its last millisecond included (a process may live less than one). */
    boolean aliveAt(long time) {
        return start <= time && time <= end;
    }

    void load(ProcessImage image) {
        images.add(image);
        seen(image.time());
    }

    void seen(long time) {
        lastSeen = Math.max(lastSeen, time);
    }

    void endAt(long time) {
        end = Math.min(end, Math.max(time, start));
    }

    /** The processes that started this one, its parent first, as far as the events reach. */
    public List<LinkedProcess> ancestors() {
        List<LinkedProcess> out = new ArrayList<>();
        // a parent is always an earlier process than its child: the chain ends
        for (LinkedProcess p = parent; p != null; p = p.parent) {
            out.add(p);
        }
        return out;
    }

    @Override
    public String toString() {
        return host + ":" + pid + "(" + executable() + ")";
    }
}
