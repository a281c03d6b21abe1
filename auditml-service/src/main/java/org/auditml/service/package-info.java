/**
 * auditml's workflow, one service behind every face: {@link org.auditml.service.AuditmlService} opens a store, sets up
 * modules and jobs, ingests audit logs while the jobs run on them ({@link org.auditml.service.LiveAnalysis}, or
 * {@link org.auditml.service.StoredAnalysis} over the stored events), and reads results back. Faces parse their input,
 * call it and show what it returns.
 */
package org.auditml.service;
