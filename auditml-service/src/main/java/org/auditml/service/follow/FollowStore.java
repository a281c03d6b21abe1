package org.auditml.service.follow;

import org.auditml.read.AuditEvent;
import org.auditml.store.FilePosition;

import java.util.List;
import java.util.Optional;

/** What the follower needs of the store, each call under the service's lock. */
public interface FollowStore {
    /** The position stored for a followed path. */
    Optional<FilePosition> position(String path);

    /** Stores events, each once, and the position they bring the path to, in one transaction. */
    void store(List<AuditEvent> events, FilePosition position);

    /** The malformed lines of a followed path so far, for the host they are of ("" when several). */
    void recordMalformed(String host, String path, long malformedLines);
}
