package org.auditml.read.ecs;

import java.util.List;

/**
 * One row of go-libaudit's normalisation table: what a syscall or record type means (the action), which fields
 * name its actor, object and means, and its ECS category and type. Field lists are tried in order; the first
 * present wins.
 *
 * @param entry       the table entry the row came from; rows of one entry are one normalisation
 * @param defaulted   the cells that hold go-libaudit's defaults rather than the table's own lists
 *                    ({@code subject_primary}, {@code subject_secondary}, {@code how}): a default warns of nothing
 */
record Normalization(String kind, String name, String action, String objectWhat, List<String> objectPrimary,
                     List<String> objectSecondary, int objectPathIndex, List<String> subjectPrimary,
                     List<String> subjectSecondary, List<String> how, List<String> hasFields, List<String> sourceIp,
                     List<String> ecsCategory, List<String> ecsType, List<Mapping> ecsMappings, String ecsKind,
                     int entry, List<String> defaulted) {

    boolean isDefault(String cell) {
        return defaulted.contains(cell);
    }

    /** ECS user mapping: {@code subject.primary} to {@code user}, and so on. */
    record Mapping(String from, String to) {
    }
}
