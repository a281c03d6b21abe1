package org.auditml.service.alert;

import org.auditml.engine.job.Job;
import org.auditml.engine.result.Result;
import org.auditml.store.AlertTable;

import java.util.List;

/** Makes the alerts of a real-time run's anomalies, to commit with its results. */
public interface Alerting {
    /** No alerts (no alerts file). */
    Alerting NONE = (job, produced, now) -> List.of();

    /** The pending alerts of the records among {@code produced} that a rule sends somewhere. */
    List<AlertTable.Alert> alertsFor(Job job, List<Result> produced, long now);
}
