package org.auditml.engine.module;

/**
 * A module folder that cannot be used: the file and the field at fault, and what to do. Refused before anything is
 * stored.
 */
public final class ModuleException extends RuntimeException {
    private final String file;
    private final String field;

    public ModuleException(String file, String field, String reason) {
        super(file + (field == null ? "" : ": " + field) + ": " + reason);
        this.file = file;
        this.field = field;
    }

    /** The file at fault, relative to the module folder ({@code manifest.json}, {@code ml/x.json}). */
    public String file() {
        return file;
    }

    /** The field at fault (a JSON path), or null for the file as a whole. */
    public String field() {
        return field;
    }
}
