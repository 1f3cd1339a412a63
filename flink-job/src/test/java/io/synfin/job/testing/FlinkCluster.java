package io.synfin.job.testing;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Flink MiniCluster per test class (one task manager, two slots) that runs the graphs the tests
 * build. Flink's own MiniClusterExtension and TestStreamEnvironment need JUnit 4, which the build bans.
 */
public final class FlinkCluster implements BeforeAllCallback, AfterAllCallback {

    public static final int SLOTS = 2;

    private MiniCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(restOnAnyFreePort())
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(SLOTS)
                .build());
        cluster.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        cluster.close();
    }

    /** Runs the graph built on {@code env} on this cluster, to its end. */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        return cluster.executeJobBlocking(env.getStreamGraph().getJobGraph());
    }

    public MiniCluster cluster() {
        return cluster;
    }

    /** The REST endpoint on a free port: the machine is shared, and Flink's default 8081 may be taken. */
    public static Configuration restOnAnyFreePort() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        return conf;
    }
}
