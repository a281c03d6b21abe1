package org.auditml.server;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Elastic's answer to a change that has nothing else to say: {@code {"acknowledged": true}}. */
record Acknowledged(@JsonProperty("acknowledged") boolean acknowledged) {
    static final Acknowledged TRUE = new Acknowledged(true);
}
