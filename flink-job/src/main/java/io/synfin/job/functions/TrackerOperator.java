package io.synfin.job.functions;

import io.synfin.core.segment.Segment;
import io.synfin.job.types.FlowId;
import io.synfin.schema.ConnectionRecord;
import java.util.List;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;

/**
 * The operator that runs {@link ConnectionTrackerFunction}: Flink's keyed-broadcast operator, which also
 * lets the function write back the live trackers of keys other than the current one (when one is pushed
 * out of the live set, and before every checkpoint). A function cannot switch the key by itself.
 */
public final class TrackerOperator extends CoBroadcastWithKeyedOperator<FlowId, Segment, Long, ConnectionRecord> {

    private static final long serialVersionUID = 1L;

    private final ConnectionTrackerFunction function;

    public TrackerOperator(ConnectionTrackerFunction function) {
        super(function, List.of(ConnectionTrackerFunction.END_OF_INPUT));
        this.function = function;
    }

    /** Live trackers the function keeps now. */
    public int liveTrackers() {
        return function.liveCount();
    }

    @Override
    public void open() throws Exception {
        super.open();
        function.attach(this);
    }
}
