package io.synfin.job.time;

import io.synfin.job.io.Ingest;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for {@code tcp.segments} (SPEC §8): capture time in milliseconds, watermarks per Kafka
 * partition with bounded out-of-orderness, and idleness so a quiet partition does not hold every timer
 * back. Dead letters carry no capture time: they never move a watermark.
 */
public final class SegmentWatermarkStrategy {

    private SegmentWatermarkStrategy() {}

    public static WatermarkStrategy<Ingest> of(Duration outOfOrderness, Duration idleness) {
        long boundMillis = outOfOrderness.toMillis();
        WatermarkStrategy<Ingest> strategy = WatermarkStrategy.<Ingest>forGenerator(context -> new Generator(boundMillis))
                .withTimestampAssigner((ingest, recordTimestamp) -> ingest.segment() != null
                        ? Math.floorDiv(ingest.segment().tsMicros(), 1000)
                        : recordTimestamp);
        return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
    }

    /** Flink's bounded out-of-orderness rule (watermark = highest time − bound − 1 ms) over segments only. */
    static final class Generator implements WatermarkGenerator<Ingest> {
        private final long boundMillis;
        private long highest = Long.MIN_VALUE;

        Generator(long boundMillis) {
            this.boundMillis = boundMillis;
        }

        @Override
        public void onEvent(Ingest ingest, long timestamp, WatermarkOutput output) {
            if (ingest.segment() != null) {
                highest = Math.max(highest, timestamp);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (highest != Long.MIN_VALUE) {
                output.emitWatermark(new Watermark(highest - boundMillis - 1));
            }
        }
    }
}
