package org.auditml.flink.event;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event time is the latest event's time, after every event: the jobs' series wait for their own {@code latency}
 * before they close a bucket, as on one machine, so the watermark itself must not lag (it would let in events the
 * one-machine run counts as late).
 */
public final class EventTimeWatermarks implements WatermarkGenerator<PartitionedEvent> {
    private long latest = Long.MIN_VALUE;

    @Override
    public void onEvent(PartitionedEvent event, long timestamp, WatermarkOutput output) {
        if (timestamp > latest) {
            latest = timestamp;
            output.emitWatermark(new Watermark(latest));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        // every event emits its own
    }
}
