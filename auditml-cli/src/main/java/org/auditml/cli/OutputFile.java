package org.auditml.cli;

import org.auditml.read.IoReason;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file a command writes, which appears whole or not at all: it is written as {@code NAME.partial} beside it and
 * renamed over it once complete, so that a kill leaves either the earlier file or none, never half of one (a run
 * after a kill writes the partial file anew). A target that exists and is no regular file (/dev/null, a pipe) is
 * written in place: renaming over it would replace the device with a file. Opened before the work starts, so that a
 * path that cannot be written is refused before anything is done.
 */
final class OutputFile implements AutoCloseable {
    private final Path target;
    /** Where the output goes until {@link #commit}: beside the target, or the target itself when it is no file. */
    private final Path partial;
    private final OutputStream out;
    private boolean committed;

    private OutputFile(Path target) throws IOException {
        this.target = target;
        if (Files.isDirectory(target)) {
            throw new IOException(target + " is a directory");
        }
        boolean inPlace = Files.exists(target) && !Files.isRegularFile(target);
        this.partial = inPlace ? target : target.resolveSibling(target.getFileName() + ".partial");
        this.out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
        if (!inPlace) {
            partial.toFile().deleteOnExit(); // gone also when a signal stops the run
        }
    }

    private boolean inPlace() {
        return partial.equals(target);
    }

    /** Opens {@code target} for writing; refused with the reason when it cannot be written. */
    static OutputFile open(Path target) {
        try {
            return new OutputFile(target);
        } catch (IOException e) {
            throw new CannotWrite(target, e, true);
        }
    }

    OutputStream stream() {
        return out;
    }

    /** The file is complete: it replaces the target. */
    void commit() throws IOException {
        out.close();
        committed = true;
        if (inPlace()) {
            return;
        }
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Without {@link #commit}, the partial file goes and the target is left as it was. */
    @Override
    public void close() {
        if (!committed) {
            try {
                out.close();
            } catch (IOException e) {
                // the write failed already; its error is the one to report
            }
            try {
                if (!inPlace()) {
                    Files.deleteIfExists(partial);
                }
            } catch (IOException e) {
                // a leftover partial file is written anew by the next run
            }
        }
    }

    /**
     * An output that cannot be written (a path, standard output): said with where and the reason; {@code beforeWork}
     * when it was found out before anything was done.
     */
    static final class CannotWrite extends RuntimeException {
        final boolean beforeWork;

        CannotWrite(Object where, IOException cause) {
            this(where, cause, false);
        }

        CannotWrite(Object where, IOException cause, boolean beforeWork) {
            super("cannot write " + where + ": " + IoReason.of(cause), cause);
            this.beforeWork = beforeWork;
        }
    }
}
