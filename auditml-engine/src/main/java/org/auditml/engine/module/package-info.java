/**
 * Ready-made job sets in Kibana's module layout (a manifest, jobs, datafeeds), shipped as resources: listed,
 * recognised from the data by their manifest query, and set up with a job-name prefix.
 */
package org.auditml.engine.module;
