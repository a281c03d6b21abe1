/**
 * The {@code auditml} command line: {@code parse}, {@code demo}, {@code generate} and {@code bench}. The only place
 * where readers, writers and reports are wired together.
 */
package org.auditml.cli;
