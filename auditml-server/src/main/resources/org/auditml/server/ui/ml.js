// What the pages read from Elastic's _ml API: jobs with their stats and datafeeds, and the stored data's time range.
import {api} from './api.js';
import {duration} from './format.js';

export async function loadJobs() {
  const [configs, stats, feeds, feedStats] = await Promise.all([
    api('/_ml/anomaly_detectors'), api('/_ml/anomaly_detectors/_stats'),
    api('/_ml/datafeeds'), api('/_ml/datafeeds/_stats')]);
  const byJob = new Map(configs.jobs.map(j => [j.job_id, {config: j}]));
  stats.jobs.forEach(s => byJob.get(s.job_id) && (byJob.get(s.job_id).stats = s));
  feeds.datafeeds.forEach(f => byJob.get(f.job_id) && (byJob.get(f.job_id).datafeed = f));
  feedStats.datafeeds.forEach(f => {
    const job = [...byJob.values()].find(j => j.datafeed?.datafeed_id === f.datafeed_id);
    if (job) job.datafeedStats = f;
  });
  return [...byJob.values()];
}

/** The span of the stored data the jobs have seen: [earliest, latest]. */
export function dataRange(jobs) {
  let from = Infinity, to = -Infinity;
  for (const j of jobs) {
    const d = j.stats?.data_counts || {};
    if (d.earliest_record_timestamp) from = Math.min(from, d.earliest_record_timestamp);
    if (d.latest_record_timestamp) to = Math.max(to, d.latest_record_timestamp);
  }
  return from === Infinity ? null : {from, to};
}

export function bucketSpanMs(job) {
  return duration(job.config.analysis_config.bucket_span) || 3600e3;
}

/** The fields a record is found for, with their values: partition, by, over. */
export function foundFor(record) {
  const out = {};
  for (const kind of ['partition', 'over', 'by']) {
    const name = record[kind + '_field_name'];
    if (name) out[name] = record[kind + '_field_value'];
  }
  return out;
}

/** Each influencer field's values in a record (its own found-for fields included). */
export function recordValues(record) {
  const values = {};
  for (const [k, v] of Object.entries(foundFor(record))) values[k] = [v];
  for (const i of record.influencers || []) {
    values[i.influencer_field_name] = [...new Set([...(values[i.influencer_field_name] || []), ...i.influencer_field_values])];
  }
  return values;
}

export function recordKey(r) {
  return [r.job_id, r.timestamp, r.detector_index, r.partition_field_value || '', r.by_field_value || '',
    r.over_field_value || ''].join('|');
}
