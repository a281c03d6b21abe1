/**
 * Test and benchmark data: {@link org.auditml.testkit.Corpus} finds the shared third-party corpus in place (it is
 * never copied), and {@link org.auditml.testkit.FleetLogGenerator} writes seeded multi-host audit logs whose
 * content is known.
 */
package org.auditml.testkit;
