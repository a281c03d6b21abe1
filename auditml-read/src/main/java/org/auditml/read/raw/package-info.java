/**
 * The raw auditd format: bounded line reading, the record tokenizer ({@link org.auditml.read.raw.RawLineParser})
 * and the reassembly of interleaved records into events ({@link org.auditml.read.raw.EventReassembler}).
 */
package org.auditml.read.raw;
